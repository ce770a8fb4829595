/**
 * What a Custom Script Extension `commandToExecute` runs. Only `-Command` and `-EncodedCommand`
 * carry the script in the command line itself; `-File` runs a downloaded (`fileUris`) or local file.
 */
export type CommandLine =
  | { readonly kind: "powershell"; readonly text: string; readonly encoded: boolean }
  | { readonly kind: "file"; readonly file: string }
  | { readonly kind: "invalidEncoding" }
  /** Not a PowerShell host: a cmd.exe command line (after `cmd /c`), e.g. `reg add ...`. */
  | { readonly kind: "cmd"; readonly text: string };

const CMD_PREFIX = /^\s*cmd(?:\.exe)?\s+\/[ck]\s+/i;
const POWERSHELL_EXE = /^"?(?:[^"\s]*[\\/])?(powershell|pwsh)(?:\.exe)?"?(?=\s|$)/i;
/** One argument: a double- or single-quoted string, or a run of non-space characters. */
const TOKEN_SOURCE = String.raw`\s*("[^"]*"|'[^']*'|\S+)`;

/** powershell.exe / pwsh parameters that take a value (so the value is not a positional argument). */
const VALUE_PARAMETERS = new Set(["executionpolicy", "ep", "ex", "exec", "windowstyle", "w", "win", "inputformat", "inp", "if", "outputformat", "o", "of", "out", "configurationname", "config", "version", "v", "workingdirectory", "wd", "psconsolefile", "settingsfile", "custompipename"]);

/** `name` abbreviates `full` the way the PowerShell host accepts it (at least `min` characters). */
function abbreviates(name: string, full: string, min: number): boolean {
  return name.length >= min && full.startsWith(name);
}

function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"') && !t.slice(1, -1).replace(/\\"/g, "").includes('"')) return t.slice(1, -1).replace(/\\"/g, '"');
  return t;
}

/** PowerShell's -EncodedCommand: base64 of UTF-16LE text. */
function decodeEncodedCommand(b64: string): string | undefined {
  const clean = unquote(b64);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean) || clean.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(clean, "base64");
  if (bytes.length === 0 || bytes.length % 2 !== 0) return undefined;
  return bytes.toString("utf16le");
}

export function parseCommandLine(commandLine: string): CommandLine {
  let text = commandLine.replace(CMD_PREFIX, "");
  if (text !== commandLine) text = unquote(text);
  const exe = POWERSHELL_EXE.exec(text.trimStart());
  if (!exe) return { kind: "cmd", text: text.trim() };
  const isPwsh = (exe[1] ?? "").toLowerCase() === "pwsh";
  const args = text.trimStart().slice(exe[0].length);
  const nextArgument = new RegExp(TOKEN_SOURCE, "y");
  for (let m = nextArgument.exec(args); m; m = nextArgument.exec(args)) {
    const token = m[1] ?? "";
    const rest = args.slice(nextArgument.lastIndex);
    const name = /^[-/]/.test(token) ? token.slice(1).toLowerCase() : undefined;
    if (name === undefined || name === "") {
      // The first positional argument: Windows PowerShell reads it as -Command, pwsh as -File.
      return isPwsh ? { kind: "file", file: unquote(token) } : { kind: "powershell", text: unquote(token + rest), encoded: false };
    }
    if (VALUE_PARAMETERS.has(name)) {
      nextArgument.exec(args);
      continue;
    }
    if (name === "c" || abbreviates(name, "command", 2)) return { kind: "powershell", text: unquote(rest), encoded: false };
    if (name === "e" || name === "ec" || abbreviates(name, "encodedcommand", 2)) {
      const encoded = nextArgument.exec(args)?.[1];
      const decoded = encoded === undefined ? undefined : decodeEncodedCommand(encoded);
      return decoded === undefined ? { kind: "invalidEncoding" } : { kind: "powershell", text: decoded, encoded: true };
    }
    if (name === "f" || abbreviates(name, "file", 2)) return { kind: "file", file: unquote(nextArgument.exec(args)?.[1] ?? "") };
  }
  return { kind: "powershell", text: "", encoded: false };
}
