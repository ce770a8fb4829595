/** Where the CLI writes and what it knows about its terminal: injected so tests run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (the text summary is coloured there, unless NO_COLOR is set). */
  readonly stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (progress bars go there). */
  readonly stderrIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The stream the progress bar draws on; absent when there is no terminal. */
  readonly progressStream?: NodeJS.WritableStream;
}

/** Exit codes (PRODUCT.md "CLI"). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/**
 * Bad usage or unreadable input: the message names the file (or option) and the problem. The CLI
 * prints it and exits 2; nothing else it throws is shown as a stack trace either.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    progressStream: process.stderr,
  };
}
