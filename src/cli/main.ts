#!/usr/bin/env node
// The `mailflow-tls-guard` bin.
import { setFlagsFromString } from "node:v8";
import { processIo } from "./io.js";
import { runCli } from "./program.js";

// The PowerShell grammar is a 1 MB wasm module, compiled on the first parse: V8 optimises it in
// the background and waits for that at exit, which adds tens of seconds to a scan that took two.
// The baseline compiler parses scripts fast enough.
setFlagsFromString("--liftoff-only");

void runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
