// `npm run bench` (after `npm run build`): runs bench/main.ts without a separate compile step.
// TypeScript files are transpiled as they are required (their types are checked by
// `npm run typecheck`), so the pack harness in test/support runs from where it lives and finds
// the repository relative to itself.
import { existsSync, readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, resolve } from "node:path";

const require = createRequire(import.meta.url);
const ts = require("typescript");

// Sources import each other as `./x.js` (TypeScript's ESM-style suffix): resolve that to x.ts.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request.startsWith(".") && request.endsWith(".js") && parent?.filename?.endsWith(".ts")) {
    const source = resolve(dirname(parent.filename), `${request.slice(0, -3)}.ts`);
    if (existsSync(source)) return source;
  }
  return resolveFilename.call(this, request, parent, ...rest);
};
Module._extensions[".ts"] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};

try {
  await require("./main.ts").runBenchmarks();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
