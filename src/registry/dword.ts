/**
 * REG_DWORD data as scripts and configurations spell it. Windows stores an unsigned 32-bit number;
 * PowerShell and .NET hand it over as a signed Int32, so `-1` is stored as 0xFFFFFFFF.
 */

const DWORD_MAX = 0xffffffff;
const INT32_MIN = -0x80000000;

export interface DwordOptions {
  /** Read bare digits as hexadecimal (DSC `Registry` with `Hex = $true`). */
  readonly hex?: boolean;
}

/**
 * The unsigned 32-bit value of `input`, or undefined when it is not a DWORD: out of range,
 * a fraction, a word, an empty string, anything but a number or a string.
 * Accepted spellings: 1, '1', '0x1', '0xFFFFFFFF', '4294967295', '-1', 'dword:00000001'.
 */
export function parseDword(input: unknown, opts: DwordOptions = {}): number | undefined {
  if (typeof input === "number") return fromInteger(input);
  if (typeof input !== "string") return undefined;
  const text = input.trim();
  const hexText = /^dword:([0-9a-f]{1,8})$/i.exec(text)?.[1] ?? /^0x([0-9a-f]+)$/i.exec(text)?.[1] ?? (opts.hex ? /^([0-9a-f]+)$/i.exec(text)?.[1] : undefined);
  if (hexText !== undefined) return fromInteger(Number.parseInt(hexText, 16), false);
  if (/^[+-]?\d+$/.test(text)) return fromInteger(Number(text));
  return undefined;
}

function fromInteger(n: number, allowNegative = true): number | undefined {
  if (!Number.isSafeInteger(n)) return undefined;
  if (n >= 0) return n <= DWORD_MAX ? n : undefined;
  return allowNegative && n >= INT32_MIN ? n >>> 0 : undefined;
}
