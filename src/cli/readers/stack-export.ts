import { type ResourceInput } from "../../rules/types.js";
import { isSerializedSecret, UNKNOWN } from "../../values.js";
import { InputFileError } from "../files.js";
import { asObject, rewriteJson } from "./json-values.js";
import { lineLocator } from "./lines.js";

/** The deployment format `pulumi stack export` writes today. */
export const SUPPORTED_DEPLOYMENT_VERSION = 3;

/** `pulumi stack export` output: `{ version, deployment: { manifest, resources } }`. */
export function isStackExport(doc: Record<string, unknown>): boolean {
  return "deployment" in doc && "version" in doc;
}

/** The resource name: the last segment of the URN (`urn:pulumi:prod::mail::<type>::mx01`). */
export function nameFromUrn(urn: string): string {
  const i = urn.lastIndexOf("::");
  return i === -1 ? urn : urn.slice(i + 2);
}

/**
 * A serialized secret as the pack would see it: the SDK unwraps secrets, so the plaintext (written
 * with `--show-secrets`) is the value; an encrypted one cannot be read and is a preview-style unknown.
 */
function unwrapSecrets(value: unknown): unknown {
  return rewriteJson(value, (v) => {
    if (!isSerializedSecret(v)) return undefined;
    const secret = v as Record<string, unknown>;
    if ("value" in secret) return unwrapSecrets(secret.value) ?? null;
    if (typeof secret.plaintext === "string") {
      try {
        return unwrapSecrets(JSON.parse(secret.plaintext)) ?? null;
      } catch {
        return secret.plaintext;
      }
    }
    return UNKNOWN;
  });
}

/**
 * Properties as a stack policy sees a deployed resource: outputs over inputs, keeping keys only the
 * inputs have. One exception: azure-native outputs carry the ARM resource type under `type`
 * (`Microsoft.Compute/virtualMachines/extensions`), which must not replace an extension's handler
 * type input (`DSC`, `CustomScriptExtension`).
 */
export function mergeInputsAndOutputs(inputs: Record<string, unknown>, outputs: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...inputs, ...outputs };
  if ("type" in inputs && typeof outputs.type === "string" && outputs.type.includes("/")) merged.type = inputs.type;
  return merged;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/**
 * The resources of a stack export, as the pack's stack policies see them: provider and stack
 * resources (`pulumi:*`) and resources pending deletion are left out.
 */
export function readStackExport(doc: Record<string, unknown>, file: string, text: string): ResourceInput[] {
  if (doc.version !== SUPPORTED_DEPLOYMENT_VERSION) {
    throw new InputFileError(file, `stack export version ${JSON.stringify(doc.version)} is not supported (expected ${SUPPORTED_DEPLOYMENT_VERSION}, what \`pulumi stack export\` writes)`);
  }
  const deployment = asObject(doc.deployment);
  if (!deployment) throw new InputFileError(file, "stack export has no `deployment` object");
  const resources = deployment.resources ?? [];
  if (!Array.isArray(resources)) throw new InputFileError(file, "stack export `deployment.resources` is not a list");
  const lineOf = lineLocator(text);
  const out: ResourceInput[] = [];
  for (const [index, raw] of resources.entries()) {
    const r = asObject(raw);
    const urn = r?.urn;
    const type = r?.type;
    if (!r || typeof urn !== "string" || typeof type !== "string") throw new InputFileError(file, `stack export resource #${index} has no urn or type`);
    const line = lineOf(JSON.stringify(urn));
    if (type.startsWith("pulumi:") || r.delete === true) continue;
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, deps] of Object.entries(asObject(r.propertyDependencies) ?? {})) propertyDependencies[key] = stringList(deps);
    const props = unwrapSecrets(mergeInputsAndOutputs(asObject(r.inputs) ?? {}, asObject(r.outputs) ?? {})) as Record<string, unknown>;
    out.push({
      type,
      name: nameFromUrn(urn),
      urn,
      props,
      options: {
        ...(typeof r.parent === "string" ? { parent: r.parent } : {}),
        dependencies: stringList(r.dependencies),
        propertyDependencies,
      },
      origin: { file, ...(line !== undefined ? { line } : {}) },
    });
  }
  return out;
}
