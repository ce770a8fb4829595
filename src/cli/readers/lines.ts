/**
 * Lines of things in a JSON file, found cheaply: each resource's first distinctive string (its URN,
 * its name) is searched for after the previous resource's, since readers meet resources in
 * document order, from `startAt` on. Good enough for "file:line" in reports; undefined when not found.
 */
export function lineLocator(text: string, startAt = 0): (needle: string) => number | undefined {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  let from = startAt;
  return (needle) => {
    const at = text.indexOf(needle, from);
    if (at === -1) return undefined;
    from = at + needle.length;
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
