/** A readable JSON value as a plain object, or undefined. */
export function asObject(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * A copy of parsed JSON in which `replace` may substitute any value (returning undefined keeps
 * walking into it). Iterative, so a deeply nested document cannot overflow the stack.
 */
export function rewriteJson(root: unknown, replace: (v: unknown) => unknown): unknown {
  const rewrite = (v: unknown): { value: unknown; walk: boolean } => {
    const r = replace(v);
    if (r !== undefined) return { value: r, walk: false };
    if (Array.isArray(v)) return { value: new Array<unknown>(v.length), walk: true };
    if (asObject(v)) return { value: {}, walk: true };
    return { value: v, walk: false };
  };
  const top = rewrite(root);
  const stack: { source: unknown; target: unknown }[] = top.walk ? [{ source: root, target: top.value }] : [];
  while (stack.length > 0) {
    const { source, target } = stack.pop() as { source: unknown; target: unknown };
    for (const [key, child] of Object.entries(source as object)) {
      const next = rewrite(child);
      // defineProperty: a JSON key `__proto__` stays a plain property.
      Object.defineProperty(target, key, { value: next.value, enumerable: true, writable: true, configurable: true });
      if (next.walk) stack.push({ source: child, target: next.value });
    }
  }
  return top.value;
}
