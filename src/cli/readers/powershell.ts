import { basename } from "node:path";
import { type ResourceInput } from "../../rules/types.js";

/** The type every script is evaluated as: an Automation DSC configuration with embedded content. */
export const SCRIPT_CARRIER_TYPE = "azure-native:automation:DscConfiguration";

/**
 * A DSC or PowerShell file as a synthetic carrier: an Automation DSC configuration whose embedded
 * content is the file's text, so every carrier policy reads it the way it reads one in a stack.
 * Findings then point into the file through their evidence locations.
 */
export function scriptCarrier(file: string, text: string): ResourceInput {
  const name = basename(file);
  return {
    type: SCRIPT_CARRIER_TYPE,
    name,
    urn: `urn:pulumi:file::${file}::${SCRIPT_CARRIER_TYPE}::${name}`,
    props: { name, source: { type: "embeddedContent", value: text } },
    options: {},
    origin: { file },
  };
}
