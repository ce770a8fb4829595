import { Presets, SingleBar } from "cli-progress";
import { type CliIo } from "./io.js";

/** Reports scan progress file by file. */
export interface Progress {
  start(totalFiles: number): void;
  advance(file: string): void;
  stop(): void;
}

const SILENT: Progress = { start: () => undefined, advance: () => undefined, stop: () => undefined };

/** A scan is long enough for a bar from this many files on. */
export const PROGRESS_MIN_FILES = 20;

/**
 * A progress bar on stderr when a person is watching (stderr is a terminal and `CI` is not set)
 * and the scan is long; silent otherwise, so CI logs and redirected output stay clean.
 */
export function progressFor(io: CliIo, totalFiles: number): Progress {
  const ci = io.env.CI;
  if (!io.stderrIsTTY || !io.progressStream || (ci !== undefined && ci !== "" && ci !== "0" && ci !== "false") || totalFiles < PROGRESS_MIN_FILES) return SILENT;
  const bar = new SingleBar({ stream: io.progressStream, format: "scanning [{bar}] {value}/{total} files {file}", clearOnComplete: true, hideCursor: true }, Presets.shades_classic);
  return {
    start: (total) => bar.start(total, 0, { file: "" }),
    advance: (file) => bar.increment(1, { file }),
    stop: () => bar.stop(),
  };
}
