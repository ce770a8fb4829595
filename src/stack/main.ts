// Entry of the remediation stack (Pulumi.yaml `main`): deploy what the configuration asks for and
// export per target what was deployed and whether a restart is pending.
import { deploy, readConfig } from "./index.js";

const outputs = deploy(readConfig());
export const baselineVersion = outputs.baselineVersion;
export const scriptHash = outputs.scriptHash;
export const dscHash = outputs.dscHash;
export const targets = outputs.targets;
