#!/usr/bin/env node
// The `mailflow-tls-guard` bin.
import { processIo } from "./io.js";
import { runCli } from "./program.js";

// The PowerShell parser keeps its wasm on V8's baseline compiler (src/powershell/parser.ts):
// without that, V8 would wait at exit for background optimisation, adding seconds to a scan.
void runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
