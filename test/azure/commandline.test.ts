import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/azure/commandline.js";

const encode = (text: string): string => Buffer.from(text, "utf16le").toString("base64");
const SCRIPT = "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319' -Name SchUseStrongCrypto -Value 1";

describe("parseCommandLine", () => {
  it.each([
    ["-Command with quotes", `powershell.exe -ExecutionPolicy Bypass -Command "${SCRIPT}"`, SCRIPT],
    ["-c abbreviation", `powershell -NoProfile -c ${SCRIPT}`, SCRIPT],
    ["full path to the host", `C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -NonInteractive -Command "${SCRIPT}"`, SCRIPT],
    ["wrapped in cmd /c", `cmd /c "powershell -ExecutionPolicy Unrestricted -Command ${SCRIPT}"`, SCRIPT],
    ["positional argument in Windows PowerShell", `powershell -NoProfile ${SCRIPT}`, SCRIPT],
    ["escaped inner quotes", `powershell -Command "Write-Output \\"x\\""`, 'Write-Output "x"'],
  ])("%s", (_, line, text) => {
    expect(parseCommandLine(line)).toEqual({ kind: "powershell", text, encoded: false });
  });

  it.each([
    ["-EncodedCommand", "-EncodedCommand"],
    ["-enc", "-enc"],
    ["-e", "-e"],
    ["-ec", "-ec"],
  ])("decodes %s (base64 of UTF-16LE)", (_, flag) => {
    expect(parseCommandLine(`powershell.exe -ExecutionPolicy Bypass ${flag} ${encode(SCRIPT)}`)).toEqual({ kind: "powershell", text: SCRIPT, encoded: true });
  });

  it.each([
    ["not base64", "powershell -EncodedCommand not*base64"],
    ["odd byte count", `powershell -EncodedCommand ${Buffer.from("abc").toString("base64")}`],
    ["missing value", "powershell -EncodedCommand"],
  ])("an EncodedCommand that cannot be decoded is reported: %s", (_, line) => {
    expect(parseCommandLine(line)).toEqual({ kind: "invalidEncoding" });
  });

  it.each([
    ["-File", "powershell -ExecutionPolicy Unrestricted -File Set-Tls12.ps1", "Set-Tls12.ps1"],
    ["quoted -File", 'powershell.exe -File ".\\scripts\\tls.ps1" -Restart', ".\\scripts\\tls.ps1"],
    ["pwsh positional", "pwsh -NoLogo tls.ps1", "tls.ps1"],
  ])("%s runs a file", (_, line, file) => {
    expect(parseCommandLine(line)).toEqual({ kind: "file", file });
  });

  it.each([
    ["reg.exe", 'reg add "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319" /v SchUseStrongCrypto /t REG_DWORD /d 1 /f'],
    ["cmd /c reg", 'cmd.exe /c reg add "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319" /v SchUseStrongCrypto /t REG_DWORD /d 1 /f'],
  ])("%s is a cmd.exe command line", (_, line) => {
    const parsed = parseCommandLine(line);
    expect(parsed.kind).toBe("cmd");
    expect(parsed.kind === "cmd" && parsed.text.startsWith("reg add")).toBe(true);
  });

  it("a value-taking parameter does not swallow the command", () => {
    expect(parseCommandLine(`powershell -WindowStyle Hidden -ExecutionPolicy Bypass -Command ${SCRIPT}`)).toEqual({ kind: "powershell", text: SCRIPT, encoded: false });
  });
});
