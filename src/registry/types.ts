/** Where a registry write (or a finding) comes from: file and 1-based line of the script or template. */
export interface SourceLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** Registry value data as declared. DWORDs are unsigned 32-bit numbers (0xFFFFFFFF = 4294967295). */
export type RegistryData =
  | { readonly type: "dword"; readonly value: number }
  | { readonly type: "qword"; readonly value: number }
  | { readonly type: "string"; readonly value: string }
  /** Declared, but not a value we can read as a number (e.g. 'abc' written as REG_DWORD). */
  | { readonly type: "invalid"; readonly raw: string };

/**
 * One declared change to the registry, in declaration order. `key` is normalised (see
 * `normaliseKey`): canonical hive prefix `HKLM\`, single backslashes, no trailing separator,
 * original casing otherwise. `form` names the construct that declared it (for messages).
 */
export type RegistryOp =
  | { readonly op: "set"; readonly key: string; readonly valueName: string; readonly data: RegistryData; readonly form: string; readonly location: SourceLocation }
  | { readonly op: "deleteValue"; readonly key: string; readonly valueName: string; readonly form: string; readonly location: SourceLocation }
  | { readonly op: "deleteKey"; readonly key: string; readonly form: string; readonly location: SourceLocation }
  | { readonly op: "createKey"; readonly key: string; readonly form: string; readonly location: SourceLocation };

/**
 * A place the extraction could not resolve: a value from a parameter, `$ConfigurationData`, a
 * computed expression, content only at a URL. Never guessed; evaluators turn the ones that touch
 * a baseline key into indeterminate findings. `key` / `valueName` are set when they are known.
 */
export interface Unresolved {
  readonly reason: string;
  readonly location: SourceLocation;
  readonly key?: string;
  readonly valueName?: string;
}
