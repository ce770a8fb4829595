// After tsc: lay the compiled core beside the compiled pack entry so that `policies/` carries
// everything it runs (what `npm pack` / `pulumi policy publish` ship), with no import outside it.
import { cpSync, rmSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const packBin = join(root, "policies", "bin");
rmSync(packBin, { recursive: true, force: true });
mkdirSync(packBin, { recursive: true });
for (const part of ["policies", "src"]) {
  cpSync(join(root, "dist", part), join(packBin, part), {
    recursive: true,
    filter: (src) => !src.includes(`${join("dist", "src", "cli")}`) && !src.includes(`${join("dist", "src", "stack")}`) && !src.endsWith(".map"),
  });
}
