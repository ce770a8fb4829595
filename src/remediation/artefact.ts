import { createHash } from "node:crypto";
import { BASELINE_VERSION } from "../baseline/index.js";

export interface RenderedArtefact {
  readonly text: string;
  readonly baselineVersion: string;
  /** sha256 (hex) of `text` with the hash itself left out wherever it appears (see `sealArtefact`). */
  readonly contentHash: string;
  readonly fileName: string;
}

const HEADER_PREFIX = "# mailflow-tls-guard baseline ";
const HEADER_PATTERN = /^# mailflow-tls-guard baseline (\S+) sha256:([0-9a-f]{64})$/m;

/**
 * Renders an artefact whose text carries its own hash. `render` receives the hash to embed (in the
 * header line from `headerLine`, and wherever else the artefact reports it); the hash is computed
 * over the text rendered with an empty hash, so anyone can verify it by deleting the hash from the
 * text and hashing again (`verifyContentHash`).
 */
export function sealArtefact(fileName: string, render: (contentHash: string) => string): RenderedArtefact {
  const contentHash = sha256(render(""));
  return { text: render(contentHash), baselineVersion: BASELINE_VERSION, contentHash, fileName };
}

/** `# mailflow-tls-guard baseline <version> sha256:<hash>`: a comment in PowerShell and DSC alike. */
export function headerLine(contentHash: string): string {
  return `${HEADER_PREFIX}${BASELINE_VERSION} sha256:${contentHash}`;
}

export type HashVerification =
  | { readonly ok: true; readonly baselineVersion: string; readonly contentHash: string }
  | { readonly ok: false; readonly reason: string; readonly baselineVersion?: string; readonly declared?: string; readonly actual?: string };

/** Checks the hash in an artefact's header against its text. Never throws. */
export function verifyContentHash(text: unknown): HashVerification {
  if (typeof text !== "string") return { ok: false, reason: "the artefact is not text" };
  const header = HEADER_PATTERN.exec(text);
  const baselineVersion = header?.[1];
  const declared = header?.[2];
  if (baselineVersion === undefined || declared === undefined) return { ok: false, reason: "no mailflow-tls-guard header with a sha256 hash" };
  const actual = sha256(text.split(declared).join(""));
  if (actual !== declared) return { ok: false, reason: "the text does not match its hash", baselineVersion, declared, actual };
  return { ok: true, baselineVersion, contentHash: declared };
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A PowerShell single-quoted string literal (the only escape is a doubled quote). */
export function psQuote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Keys from the baseline are spelled `HKLM\...`; the registry provider spells them `HKLM:\...`. */
export function providerPath(key: string): string {
  return `HKLM:\\${localMachineSubKey(key)}`;
}

/** The DSC `Registry` resource spells the hive in full: `HKEY_LOCAL_MACHINE\...`. */
export function dscRegistryKey(key: string): string {
  return `HKEY_LOCAL_MACHINE\\${localMachineSubKey(key)}`;
}

function localMachineSubKey(key: string): string {
  const prefix = "HKLM\\";
  // Every remediation value lives under HKLM; anything else is a bug in the baseline tables.
  if (!key.startsWith(prefix)) throw new Error(`remediation keys must be under HKLM: ${key}`);
  return key.slice(prefix.length);
}
