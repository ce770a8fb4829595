/**
 * Registry key spelling. Scripts write the same key many ways (`HKEY_LOCAL_MACHINE\`, `HKLM:\`,
 * `HKLM\`, `Registry::HKLM\`, `Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE\`, forward
 * slashes, doubled or trailing separators); the model keeps one canonical spelling and compares
 * case-insensitively, as Windows does.
 */

const HIVES: ReadonlyMap<string, string> = new Map([
  ["hkey_local_machine", "HKLM"],
  ["hklm", "HKLM"],
  ["hkey_current_user", "HKCU"],
  ["hkcu", "HKCU"],
  ["hkey_users", "HKU"],
  ["hku", "HKU"],
  ["hkey_classes_root", "HKCR"],
  ["hkcr", "HKCR"],
  ["hkey_current_config", "HKCC"],
  ["hkcc", "HKCC"],
]);

const PROVIDER_PREFIX = /^(?:microsoft\.powershell\.core\\)?registry::/i;

/**
 * The canonical spelling of a registry key (`HKLM\SYSTEM\...`), or undefined when the text does
 * not start with a known hive (a relative path, a variable that was not resolved, a file path).
 */
export function normaliseKey(raw: string): string | undefined {
  let s = raw.trim().replace(/\//g, "\\");
  s = s.replace(PROVIDER_PREFIX, "");
  const m = /^([A-Za-z_]+):?(?:\\+|$)/.exec(s);
  if (!m) return undefined;
  const hive = HIVES.get((m[1] ?? "").toLowerCase());
  if (!hive) return undefined;
  const rest = s
    .slice(m[0].length)
    .split("\\")
    .filter((part) => part.length > 0);
  return [hive, ...rest].join("\\");
}

/** Case-insensitive identity of a canonical key. */
export function keyId(key: string): string {
  return key.toLowerCase();
}

export function sameKey(a: string, b: string): boolean {
  return keyId(a) === keyId(b);
}

/** True when `key` is `root` or below it. */
export function isUnderKey(key: string, root: string): boolean {
  const k = keyId(key);
  const r = keyId(root);
  return k === r || k.startsWith(`${r}\\`);
}
