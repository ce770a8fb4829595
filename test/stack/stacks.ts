// Reads the worked configurations in stacks/ the way Pulumi does: keys `<project>:<key>` of the
// remediation project become the stack's raw configuration.
import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";

export const PROJECT = "mailflow-tls-guard-remediation";
export const STACKS_DIR = path.join(__dirname, "..", "..", "stacks");

export function stackNames(): string[] {
  return fs
    .readdirSync(STACKS_DIR)
    .filter((f) => /^Pulumi\.[\w-]+\.yaml$/.test(f))
    .map((f) => f.slice("Pulumi.".length, -".yaml".length))
    .sort();
}

/** The raw project configuration of a stack file (plus azure-native:location as `location`). */
export function rawStackConfig(stack: string): Record<string, unknown> {
  const doc = yaml.load(fs.readFileSync(path.join(STACKS_DIR, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> };
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    if (key.startsWith(`${PROJECT}:`)) raw[key.slice(PROJECT.length + 1)] = value;
    if (key === "azure-native:location" && raw.location === undefined) raw.location = value;
  }
  return raw;
}
