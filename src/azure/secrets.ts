import { isSerializedSecret, isUnknown } from "../values.js";
import { type CarrierModel } from "./carrier.js";
import { formatPath, type PropertyPath } from "./read.js";

/**
 * Secrets in public places (policy `extension-secrets-protected`): public settings, run command
 * parameters, DSC configuration arguments and parameters, Machine Configuration parameters, and
 * inline script text. Findings name where and what kind, never the value.
 */
export type SecretKind =
  | "password"
  | "sasToken"
  | "storageAccountKey"
  | "connectionString"
  /** A property named like a secret (`clientSecret`, `apiKey`, `token`). */
  | "secretNamed"
  /** `managedIdentity` belongs in protected settings (Custom Script Extension). */
  | "managedIdentity"
  /** A value marked secret in Pulumi that still lands in a public place. */
  | "pulumiSecret"
  /** `ConvertTo-SecureString '<literal>' -AsPlainText`. */
  | "plainTextSecureString"
  /** `-Password '<literal>'` or a PSCredential built from literals. */
  | "credentialLiteral"
  /** Settings deeper or larger than the scan reads: whatever lies beyond was not looked at. */
  | "notScanned";

export interface SecretFinding {
  /** Property path (`settings.configurationArguments.Credential.password`, `parameters[0].value`, `source.script`). */
  readonly path: string;
  readonly kind: SecretKind;
  /** 1-based line in the script text, for findings in scripts. */
  readonly line?: number;
}

const NAMED_SECRETS: readonly (readonly [RegExp, SecretKind])[] = [
  [/(?:password|passwd|pwd|passphrase)$/i, "password"],
  [/(?:sastoken|sas|sasurl)$/i, "sasToken"],
  [/(?:accountkey|storagekey|accesskey)$/i, "storageAccountKey"],
  [/connectionstring$/i, "connectionString"],
  [/(?:secret|apikey|token)$/i, "secretNamed"],
  [/^managedidentity$/i, "managedIdentity"],
];

/** Value shapes that are secrets whatever the property is called. */
const SECRET_VALUES: readonly (readonly [(text: string) => boolean, SecretKind])[] = [
  [(t) => /[?&]sig=[^&\s"']+/i.test(t) && /[?&](?:sv|se)=/i.test(t), "sasToken"],
  [(t) => /(?:^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/.test(t), "storageAccountKey"],
  [(t) => /\b(?:AccountKey|SharedAccessKey)=[^;\s]+/i.test(t), "connectionString"],
];

/** A string literal PowerShell does not expand: single-quoted, or double-quoted without `$`. */
const LITERAL = String.raw`(?:'[^']+'|"[^"$]+")`;
const LITERAL_TO_SECURE_STRING = new RegExp(String.raw`ConvertTo-SecureString\s+(?:-String\s+)?${LITERAL}|-String\s+${LITERAL}|${LITERAL}\s*\|\s*ConvertTo-SecureString`, "i");
const PASSWORD_PARAMETER = new RegExp(String.raw`-\w*Password\s+${LITERAL}|PSCredential\b[^(]*\(\s*${LITERAL}\s*,\s*${LITERAL}\s*\)`, "i");
const PASSWORD_VARIABLE = new RegExp(String.raw`\$\w*(?:password|passwd|pwd)\w*\s*=\s*${LITERAL}`, "i");

/** Script line checks; each is a few linear scans, so a huge one-line script stays cheap. */
const SCRIPT_LINES: readonly (readonly [(line: string) => boolean, SecretKind])[] = [
  [(l) => /ConvertTo-SecureString/i.test(l) && /-AsPlainText/i.test(l) && LITERAL_TO_SECURE_STRING.test(l), "plainTextSecureString"],
  [(l) => PASSWORD_PARAMETER.test(l), "credentialLiteral"],
  [(l) => PASSWORD_VARIABLE.test(l), "password"],
];

/** The DSC extension's way to point a public argument at a protected setting: a reference, not a secret. */
const PROTECTED_REFERENCE = /^PrivateSettingsRef:/i;

/** Walk limits: settings are small; anything deeper or larger is not a settings bag worth reading. */
const MAX_DEPTH = 64;
const MAX_NODES = 20_000;

export function findPublicSecrets(carrier: CarrierModel): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const item of carrier.content) if (item.kind === "script") found.push(...scanScript(item.text, item.origin));
  const inScripts = new Set(found.map((f) => `${f.path}\u0000${f.kind}`));
  for (const bag of carrier.publicSettings) {
    // A script also read as content (commandToExecute) is reported once, with its line.
    for (const f of scanValue(bag.value, [bag.origin])) if (!inScripts.has(`${f.path}\u0000${f.kind}`)) found.push(f);
  }
  return dedupe(found);
}

function scanScript(text: string, origin: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  text.split(/\r\n|\r|\n/).forEach((lineText, i) => {
    const kinds = [...SCRIPT_LINES, ...SECRET_VALUES].filter(([test]) => test(lineText)).map(([, kind]) => kind);
    for (const kind of kinds) found.push({ path: origin, kind, line: i + 1 });
  });
  return found;
}

/**
 * Walks a public bag. A generic value key is judged by the name it belongs to: `{ name, value }`
 * entries (run command and Machine Configuration parameters) by their `name`, and
 * `{ AdminPassword: { defaultValue } }` (DSC configuration parameters) by the parent key.
 */
function scanValue(root: unknown, rootPath: PropertyPath): SecretFinding[] {
  const found: SecretFinding[] = [];
  type Node = { value: unknown; path: PropertyPath; name: string | undefined; depth: number };
  const stack: Node[] = [{ value: root, path: rootPath, name: undefined, depth: 0 }];
  // Counted when a node is queued, so a huge object is never enumerated past the budget.
  let budget = MAX_NODES;
  const push = (node: Node): boolean => {
    if (budget <= 0) {
      // Never a silent pass: what the scan leaves unread is a finding of its own.
      found.push({ path: formatPath(node.path), kind: "notScanned" });
      return false;
    }
    budget--;
    stack.push(node);
    return true;
  };
  for (let node = stack.pop(); node; node = stack.pop()) {
    const { value, path, name, depth } = node;
    const at = formatPath(path);
    const named = name === undefined ? undefined : NAMED_SECRETS.find(([re]) => re.test(name))?.[1];
    if (named === "managedIdentity" && value !== undefined && value !== null) found.push({ path: at, kind: named });
    if (isSerializedSecret(value)) {
      found.push({ path: at, kind: "pulumiSecret" });
      if ("value" in value) push({ value: value.value, path, name, depth: depth + 1 });
      continue;
    }
    if (typeof value === "string") {
      // A preview unknown under a secret's name will hold that secret.
      if (named !== undefined && named !== "managedIdentity" && value.length > 0 && !PROTECTED_REFERENCE.test(value)) found.push({ path: at, kind: named });
      if (!isUnknown(value)) for (const [test, kind] of SECRET_VALUES) if (test(value)) found.push({ path: at, kind });
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= MAX_DEPTH) {
      found.push({ path: at, kind: "notScanned" });
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) if (!push({ value: value[i] as unknown, path: [...path, i], name: undefined, depth: depth + 1 })) break;
      continue;
    }
    const record = value as Record<string, unknown>;
    const entryName = record.name;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const childName = key !== "value" && key !== "defaultValue" ? key : typeof entryName === "string" ? entryName : name;
      if (!push({ value: record[key], path: [...path, key], name: childName, depth: depth + 1 })) break;
    }
  }
  return found;
}

/** One finding per place and kind, in path and line order. */
function dedupe(found: readonly SecretFinding[]): SecretFinding[] {
  const seen = new Set<string>();
  return found
    .filter((f) => {
      const key = `${f.path}\u0000${f.kind}\u0000${f.line ?? ""}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.path.localeCompare(b.path) || (a.line ?? 0) - (b.line ?? 0) || a.kind.localeCompare(b.kind));
}
