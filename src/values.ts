/**
 * Values as the Pulumi engine sends them, kept as plain data in the core: preview unknowns are
 * sentinel strings, secrets are unwrapped by the SDK before a policy sees them.
 */

/** The sentinels @pulumi/policy and the engine use for values unknown during preview. */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (also what the engine sends for any unknown)
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
  return typeof v === "string" && UNKNOWN_SENTINELS.has(v);
}

/** The signature key of a serialized secret (`{"4dabf18193072939515e22adb298388d": "1b47...", value}`). */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

export function isSerializedSecret(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG_VALUE;
}

/**
 * Reads a nested property of plain data without throwing. Returns the unknown sentinel itself when
 * the path runs through an unknown value, so callers can tell "unknown" from "absent".
 */
export function getPath(obj: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const part of path) {
    if (isUnknown(cur)) return cur;
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}
