/**
 * fast-check arbitraries for the property-based robustness suite: resources of every kind the pack
 * reads, starting from a realistic shape and then damaged at random depths (wrong types, nulls,
 * preview unknowns, secrets, extra keys). Secrets and secret-looking strings carry a canary that
 * no diagnostic may echo.
 */
import fc from "fast-check";
import { CARRIER_KINDS, type ResourceKind, SERVER_KINDS } from "../../src/azure/types.js";
import { isSerializedSecret, SECRET_SIG_KEY, SECRET_SIG_VALUE, UNKNOWN_SENTINELS } from "../../src/values.js";

/** Every kind the adapters classify. */
export const ALL_KINDS: readonly ResourceKind[] = [...SERVER_KINDS, ...CARRIER_KINDS];

/** One Pulumi type token per kind (the tests check `classifyResource` agrees). */
export const TOKEN_OF_KIND: Readonly<Record<ResourceKind, string>> = {
  vm: "azure-native:compute:VirtualMachine",
  vmss: "azure-native:compute/v20240301:VirtualMachineScaleSet",
  arcMachine: "azure-native:hybridcompute:Machine",
  vmExtension: "azure-native:compute:VirtualMachineExtension",
  vmssExtension: "azure-native:compute:VirtualMachineScaleSetExtension",
  arcExtension: "azure-native:hybridcompute:MachineExtension",
  vmRunCommand: "azure-native:compute:VirtualMachineRunCommandByVirtualMachine",
  arcRunCommand: "azure-native:hybridcompute:MachineRunCommand",
  dscConfiguration: "azure-native:automation:DscConfiguration",
  guestAssignment: "azure-native:guestconfiguration:GuestConfigurationAssignment",
  guestAssignmentVmss: "azure-native:guestconfiguration:GuestConfigurationAssignmentsVMSS",
  hcrpAssignment: "azure-native:guestconfiguration:GuestConfigurationHCRPAssignment",
};

/** The canary marker: a diagnostic containing it quotes a value it must not quote. */
export const CANARY = "zqxCanary";
const canaryArb = fc.nat({ max: 9999 }).map((n) => `${CANARY}${n}`);

export function secret(value: unknown): Record<string, unknown> {
  return { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value };
}

const unknownArb = fc.constantFrom(...UNKNOWN_SENTINELS);

/**
 * Secret-looking places a secret check reads: a password in a command line, a SAS token, a
 * storage key, a credential in a script. The canary is the secret part.
 */
const secretTextArb = canaryArb.chain((c) =>
  fc.constantFrom(
    `powershell.exe -File setup.ps1 -Password ${c}`,
    `https://mailcfg.blob.core.windows.net/dsc/tls.zip?sv=2022-11-02&sig=${c}`,
    `DefaultEndpointsProtocol=https;AccountName=mailcfg;AccountKey=${c};EndpointSuffix=core.windows.net`,
    `$cred = New-Object PSCredential('mail\\svc', (ConvertTo-SecureString '${c}' -AsPlainText -Force))`,
    c,
  ),
);

/** A value that does not belong where it is put. */
const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 12 }),
  unknownArb,
  secretTextArb,
  fc.constant([]),
  fc.constant({}),
);

/** Any JSON value up to a small depth, leaves hostile. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileLeaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("settings", "script", "value", "name", "properties", "source", "password", "commandToExecute", "x"), tie("value"), { maxKeys: 3 }),
  ),
})).value;

/** A secret as the engine sends it, wrapping a canary or a whole object of them. */
export const wrappedSecretArb: fc.Arbitrary<unknown> = fc.oneof(secretTextArb.map(secret), fc.dictionary(fc.constantFrom("password", "storageAccountKey", "commandToExecute"), secretTextArb).map(secret));

const SCHANNEL = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server";
const SCRIPT = `New-Item -Path '${SCHANNEL}' -Force\nNew-ItemProperty -Path '${SCHANNEL}' -Name Enabled -Value 1 -PropertyType DWord -Force\n`;
const DSC = `Configuration Tls {\n  Node localhost {\n    Registry Tls12 {\n      Key = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client'\n      ValueName = 'Enabled'\n      ValueType = 'Dword'\n      ValueData = '1'\n    }\n  }\n}\n`;

const windowsImage = { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2016-datacenter", version: "latest" };
const patching = { enableAutomaticUpdates: true, patchSettings: { patchMode: "AutomaticByOS", assessmentMode: "ImageDefault" } };
const mailTags = { role: "exchange", "exchange-build": "15.1.2507.6" };
const extensionBase = { resourceGroupName: "mail-rg", publisher: "Microsoft.Compute", type: "CustomScriptExtension", typeHandlerVersion: "1.10", settings: { commandToExecute: `powershell.exe -Command "${SCRIPT.replace(/\n/g, "; ")}"` } };
const guestConfiguration = { properties: { guestConfiguration: { name: "AuditSecureProtocol", version: "1.0.0", configurationParameter: [{ name: "MinimumTLSVersion;ExpectedValue", value: "1.1" }] } } };

/** A realistic starting shape per kind: a Windows mail server, or a carrier targeting `mx01`. */
export const BASE_PROPS: Readonly<Record<ResourceKind, Record<string, unknown>>> = {
  vm: { resourceGroupName: "mail-rg", vmName: "mx01", tags: mailTags, storageProfile: { imageReference: windowsImage }, osProfile: { computerName: "mx01", windowsConfiguration: patching } },
  vmss: { resourceGroupName: "mail-rg", vmScaleSetName: "relay", tags: { role: "smtp-relay" }, virtualMachineProfile: { storageProfile: { imageReference: windowsImage }, osProfile: { windowsConfiguration: patching }, extensionProfile: { extensions: [{ name: "tls", ...extensionBase }] } } },
  arcMachine: { resourceGroupName: "mail-rg", machineName: "mx01", tags: mailTags, osType: "windows" },
  vmExtension: { ...extensionBase, vmName: "mx01", vmExtensionName: "tls" },
  vmssExtension: { ...extensionBase, vmScaleSetName: "relay", vmssExtensionName: "tls" },
  arcExtension: { ...extensionBase, machineName: "mx01", extensionName: "tls" },
  vmRunCommand: { resourceGroupName: "mail-rg", vmName: "mx01", runCommandName: "tls", source: { script: SCRIPT }, parameters: [{ name: "LogPath", value: "C:\\logs" }] },
  arcRunCommand: { resourceGroupName: "mail-rg", machineName: "mx01", runCommandName: "tls", source: { script: SCRIPT } },
  dscConfiguration: { resourceGroupName: "mail-rg", automationAccountName: "auto", configurationName: "Tls", source: { type: "embeddedContent", value: DSC } },
  guestAssignment: { resourceGroupName: "mail-rg", vmName: "mx01", guestConfigurationAssignmentName: "AuditSecureProtocol", ...guestConfiguration },
  guestAssignmentVmss: { resourceGroupName: "mail-rg", vmssName: "relay", name: "AuditSecureProtocol", ...guestConfiguration },
  hcrpAssignment: { resourceGroupName: "mail-rg", machineName: "mx01", guestConfigurationAssignmentName: "AuditSecureProtocol", ...guestConfiguration },
};

/**
 * Every path to a value inside `value` (objects and arrays), the root included. A secret is one
 * value: the engine never sends a damaged secret envelope (the SDK would refuse it).
 */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (isSerializedSecret(value)) return out;
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** A copy of `value` with the thing at `path` replaced. */
function replaced(value: unknown, path: readonly (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  copy[head] = replaced(copy[head], rest, by);
  return copy;
}

export interface Damage {
  /** Which existing path to replace (an index into the paths of the shape, modulo their count). */
  readonly at: number;
  readonly by: unknown;
}

const damageArb = (by: fc.Arbitrary<unknown>): fc.Arbitrary<Damage> => fc.record({ at: fc.nat(), by });

/** Applies damage in order; the result is still an object (damage at the root adds a key instead). */
function damaged(base: Record<string, unknown>, damages: readonly Damage[]): Record<string, unknown> {
  let props: Record<string, unknown> = base;
  for (const d of damages) {
    const all = paths(props);
    const path = all[d.at % all.length] as (string | number)[];
    props = path.length === 0 ? { ...props, extra: d.by } : (replaced(props, path, d.by) as Record<string, unknown>);
  }
  return props;
}

/**
 * Properties of one kind: the realistic shape with up to four damages, or a random shape. `inGuest`
 * chooses how a secret looks: wrapped as the engine sends it (the SDK unwraps it), or already plain
 * (what the engine's own rules receive after the pack's adapter).
 */
export function propsArb(kind: ResourceKind, wrapSecrets: boolean): fc.Arbitrary<Record<string, unknown>> {
  const by = wrapSecrets ? fc.oneof(hostileValue, wrappedSecretArb) : hostileValue;
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(damageArb(by), { maxLength: 4 }).map((ds) => damaged(BASE_PROPS[kind], ds)) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), by, { maxKeys: 5 }) },
  );
}

export interface GeneratedResource {
  readonly kind: ResourceKind;
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
}

export function resourceArb(wrapSecrets: boolean, kinds: readonly ResourceKind[] = ALL_KINDS): fc.Arbitrary<GeneratedResource> {
  return fc
    .constantFrom(...kinds)
    .chain((kind) => fc.record({ kind: fc.constant(kind), type: fc.constant(TOKEN_OF_KIND[kind]), name: fc.constantFrom("mx01", "relay", "tls", "arc01"), props: propsArb(kind, wrapSecrets) }));
}

/** Distinct names, so URNs are distinct in a stack. */
export function stackArb(wrapSecrets: boolean): fc.Arbitrary<GeneratedResource[]> {
  return fc.array(resourceArb(wrapSecrets), { minLength: 1, maxLength: 6 }).map((rs) => rs.map((r, i) => ({ ...r, name: `${r.name}-${i}` })));
}
