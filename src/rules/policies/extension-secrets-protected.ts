import { type CarrierModel } from "../../azure/carrier.js";
import { findPublicSecrets, type SecretKind } from "../../azure/secrets.js";
import { type CarrierKind } from "../../azure/types.js";
import { SOURCES } from "../../baseline/sources.js";
import { makeFinding, where, withDefined } from "../../evaluate/common.js";
import { type Finding } from "../../evaluate/finding.js";
import { carrierModels, mayCarry } from "../analysis.js";
import { type ResourceRule } from "../types.js";

const CONTROL = "MTG-SECRETS";

/** What was found, in words: the value itself is never quoted. */
const SECRET_TEXT: Readonly<Record<SecretKind, string>> = {
  password: "A password",
  sasToken: "A SAS token",
  storageAccountKey: "A storage account key",
  connectionString: "A connection string with a key",
  secretNamed: "A value named like a secret",
  managedIdentity: "A managed identity setting",
  pulumiSecret: "A value marked secret in Pulumi",
  plainTextSecureString: "A plain-text SecureString literal",
  credentialLiteral: "A literal credential",
  notScanned: "Settings too deep or too large to scan",
};

/** Where each carrier keeps secrets instead. */
const PROTECTED_PLACE: Readonly<Record<CarrierKind, string>> = {
  vmExtension: "protectedSettings",
  vmssExtension: "protectedSettings",
  arcExtension: "protectedSettings",
  vmRunCommand: "protectedParameters",
  arcRunCommand: "protectedParameters",
  dscConfiguration: "an Automation credential asset (Get-AutomationPSCredential)",
  guestAssignment: "configurationProtectedParameter",
  guestAssignmentVmss: "configurationProtectedParameter",
  hcrpAssignment: "configurationProtectedParameter",
};

function secretFindings(carrier: CarrierModel): Finding[] {
  const expected = PROTECTED_PLACE[carrier.kind];
  return findPublicSecrets(carrier).map((s) => {
    const location = s.line === undefined ? undefined : { file: s.path, line: s.line };
    if (s.kind === "notScanned") {
      return makeFinding({
        code: "SETTINGS_NOT_SCANNED",
        control: CONTROL,
        outcome: "indeterminate",
        message: `${SECRET_TEXT[s.kind]}: whether a secret sits beyond this point cannot be told${where(s.path, undefined, { carrier: carrier.name })}`,
        evidence: [withDefined({ path: s.path, found: "not scanned", carrier: carrier.name })],
      });
    }
    return makeFinding({
      code: "SECRET_IN_PUBLIC_SETTINGS",
      control: CONTROL,
      outcome: "violation",
      message: `${SECRET_TEXT[s.kind]} sits where it is stored and shown in clear text; expected it in ${expected}${where(location ? undefined : s.path, location, { carrier: carrier.name })}`,
      evidence: [withDefined({ path: s.path, found: SECRET_TEXT[s.kind].toLowerCase(), expected, location, carrier: carrier.name })],
    });
  });
}

export const extensionSecretsProtected: ResourceRule = {
  kind: "resource",
  name: "extension-secrets-protected",
  description:
    "Passwords, SAS tokens, storage keys and credentials sit in protectedSettings / protectedParameters, never in public settings, parameters or script text.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [CONTROL],
  remediationSteps: [
    "Move the secret out of the public place the message names, then rotate it (it has been stored in clear text in the deployment and the VM's instance view):",
    "",
    "- extensions: `protectedSettings` (DSC: `protectedSettings.configurationArguments`, `protectedSettings.configurationUrlSasToken`; Custom Script: `protectedSettings.commandToExecute`, `storageAccountKey`, `managedIdentity`);",
    "- run commands: `protectedParameters`, or a managed identity instead of a SAS URL;",
    "- Machine Configuration: `configurationProtectedParameter`;",
    "- scripts: read credentials at run time (Key Vault, `Get-AutomationPSCredential`), never as literals.",
  ].join("\n"),
  url: SOURCES["azure-dsc-extension"].url,
  ownConfig: {},
  appliesTo: mayCarry,
  evaluate: (resource) => Promise.resolve(carrierModels(resource).flatMap(secretFindings)),
};
