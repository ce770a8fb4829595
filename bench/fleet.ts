/**
 * A generated Azure mail estate for the benchmark: mail servers (VMs, scale sets, Arc machines),
 * the carriers that target them (run commands and DSC configurations with 2 to 20 KB scripts,
 * Custom Script and DSC extensions, Machine Configuration assignments) and the ordinary resources
 * around them (networking, disks, storage, vaults), as the engine sends them to a pack and as
 * `pulumi stack export` writes them.
 */
import { type PackResource, urnOf } from "../test/support/analyzer.js";
import { mailVm, SUBSCRIPTION, VM_EXTENSION, VM_RUN_COMMAND, VMSS, vmId } from "../test/support/resources.js";
import { SECRET_SIG_KEY, SECRET_SIG_VALUE } from "../src/values.js";
import { carrierSize, generatedDsc, generatedScript, pick, type Random } from "./scripts.js";

const ARC_MACHINE = "azure-native:hybridcompute:Machine";
const ARC_RUN_COMMAND = "azure-native:hybridcompute:MachineRunCommand";
const DSC_CONFIGURATION = "azure-native:automation:DscConfiguration";
const GUEST_ASSIGNMENT = "azure-native:guestconfiguration:GuestConfigurationAssignment";

/** Resources that are not mail servers or carriers: the pack only has to look past them. */
const OTHER_TYPES: readonly { type: string; props: (name: string) => Record<string, unknown> }[] = [
  { type: "azure-native:network:NetworkInterface", props: (n) => ({ resourceGroupName: "mail-rg", networkInterfaceName: n, ipConfigurations: [{ name: "ipconfig1", privateIPAllocationMethod: "Dynamic", subnet: { id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/mail-rg/providers/Microsoft.Network/virtualNetworks/mail-vnet/subnets/mail` } }] }) },
  { type: "azure-native:compute:Disk", props: (n) => ({ resourceGroupName: "mail-rg", diskName: n, diskSizeGB: 256, sku: { name: "Premium_LRS" }, creationData: { createOption: "Empty" } }) },
  { type: "azure-native:storage:StorageAccount", props: (n) => ({ resourceGroupName: "mail-rg", accountName: n.replace(/[^a-z0-9]/g, "").slice(0, 24), kind: "StorageV2", sku: { name: "Standard_ZRS" }, minimumTlsVersion: "TLS1_2", allowBlobPublicAccess: false }) },
  { type: "azure-native:network:NetworkSecurityGroup", props: (n) => ({ resourceGroupName: "mail-rg", networkSecurityGroupName: n, securityRules: [25, 443, 587].map((port, i) => ({ name: `allow-${port}`, priority: 100 + i, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: String(port) })) }) },
  { type: "azure-native:network:PublicIPAddress", props: (n) => ({ resourceGroupName: "mail-rg", publicIpAddressName: n, publicIPAllocationMethod: "Static", sku: { name: "Standard" } }) },
  { type: "azure-native:keyvault:Vault", props: (n) => ({ resourceGroupName: "mail-rg", vaultName: n.slice(0, 24), properties: { tenantId: SUBSCRIPTION, sku: { family: "A", name: "standard" }, enableRbacAuthorization: true } }) },
];

function secretValue(value: unknown): Record<string, unknown> {
  return { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value };
}

function scaleSet(name: string, random: Random): PackResource {
  return {
    type: VMSS,
    name,
    props: {
      resourceGroupName: "mail-rg",
      vmScaleSetName: name,
      tags: { role: pick(random, ["smtp-relay", "edge", "mail"]) },
      sku: { name: "Standard_D4s_v5", capacity: 3 },
      upgradePolicy: { mode: "Automatic", automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: true } },
      virtualMachineProfile: {
        storageProfile: { imageReference: { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: pick(random, ["2019-datacenter", "2022-datacenter-azure-edition", "2016-datacenter"]), version: "latest" } },
        osProfile: { computerNamePrefix: name.slice(0, 9), adminUsername: "mailadmin", windowsConfiguration: { enableAutomaticUpdates: false } },
        extensionProfile: {
          extensions: [
            { name: "tls", publisher: "Microsoft.Compute", type: "CustomScriptExtension", typeHandlerVersion: "1.10", settings: { commandToExecute: `powershell.exe -NoProfile -Command "New-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server' -Name Enabled -Value 1 -PropertyType DWord -Force"` } },
          ],
        },
      },
    },
  };
}

/**
 * One site of twenty resources: three mail VMs, a scale set and an Arc machine; seven carriers;
 * eight other resources. `site` keeps names unique.
 */
function site(site: number, random: Random): PackResource[] {
  const id = (what: string): string => `${what}-${String(site).padStart(4, "0")}`;
  const vms = [0, 1, 2].map((i) =>
    mailVm(id(`mx${i}`), {
      tags: { role: pick(random, ["exchange", "mailbox", "edge"]), "exchange-build": pick(random, ["15.2.2562.41", "15.2.1748.10", "15.1.2507.39"]) },
      storageProfile: { imageReference: { sku: pick(random, ["2022-datacenter-azure-edition", "2019-datacenter", "2016-datacenter", "2012-r2-datacenter"]) } },
    }),
  );
  const [vm0, vm1, vm2] = vms.map((v) => v.name) as [string, string, string];
  const arc = id("arc");
  const carriers: PackResource[] = [
    { type: VM_RUN_COMMAND, name: id("tls-run"), props: { resourceGroupName: "mail-rg", vmName: vm0, runCommandName: id("tls-run"), location: "westeurope", source: { script: generatedScript(id("tls-run"), carrierSize(random), random) } } },
    { type: VM_RUN_COMMAND, name: id("housekeeping"), props: { resourceGroupName: "mail-rg", vmName: vm1, runCommandName: id("housekeeping"), location: "westeurope", source: { script: generatedScript(id("housekeeping"), carrierSize(random), random) }, protectedParameters: [{ name: "SmtpPassword", value: secretValue(`P@ss-${site}`) }] } },
    { type: ARC_RUN_COMMAND, name: id("arc-run"), props: { resourceGroupName: "mail-rg", machineName: arc, runCommandName: id("arc-run"), location: "westeurope", source: { script: generatedScript(id("arc-run"), carrierSize(random), random) } } },
    { type: DSC_CONFIGURATION, name: id("dsc"), props: { resourceGroupName: "mail-rg", automationAccountName: "mail-automation", configurationName: id("dsc"), location: "westeurope", source: { type: "embeddedContent", value: generatedDsc(id("dsc"), carrierSize(random), random) } } },
    {
      type: VM_EXTENSION,
      name: id("cse"),
      props: { resourceGroupName: "mail-rg", vmName: vm2, vmExtensionName: id("cse"), publisher: "Microsoft.Compute", type: "CustomScriptExtension", typeHandlerVersion: "1.10", settings: { commandToExecute: `powershell.exe -NoProfile -ExecutionPolicy Bypass -Command "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319' -Name SchUseStrongCrypto -Value 1 -Type DWord"` }, protectedSettings: secretValue({ storageAccountKey: `key-${site}` }) },
    },
    {
      type: VM_EXTENSION,
      name: id("dsc-ext"),
      props: { resourceGroupName: "mail-rg", vmName: vm0, vmExtensionName: id("dsc-ext"), publisher: "Microsoft.Powershell", type: "DSC", typeHandlerVersion: "2.83", settings: { configuration: { url: `https://mailconfig.blob.core.windows.net/dsc/${id("tls")}.zip`, script: "MailTls.ps1", function: "MailTls" }, wmfVersion: "latest" } },
    },
    {
      type: GUEST_ASSIGNMENT,
      name: id("gc"),
      props: { resourceGroupName: "mail-rg", vmName: vm1, guestConfigurationAssignmentName: "AuditSecureProtocol", location: "westeurope", properties: { guestConfiguration: { name: "AuditSecureProtocol", version: "1.0.0", assignmentType: "Audit", configurationParameter: [{ name: "MinimumTLSVersion;ExpectedValue", value: pick(random, ["1.2", "1.1"]) }] } } },
    },
  ];
  const servers: PackResource[] = [...vms, scaleSet(id("relay"), random), { type: ARC_MACHINE, name: arc, props: { resourceGroupName: "mail-rg", machineName: arc, location: "westeurope", tags: { role: "smtp" }, osType: "windows" } }];
  const others = Array.from({ length: 8 }, (_, i) => {
    const other = OTHER_TYPES[i % OTHER_TYPES.length] as (typeof OTHER_TYPES)[number];
    const name = id(`res${i}`);
    return { type: other.type, name, props: other.props(name) };
  });
  return [...servers, ...carriers, ...others];
}

export const SITE_SIZE = 20;

/** `count` resources (a multiple of twenty), the same for the same seed. */
export function generatedFleet(count: number, random: Random): PackResource[] {
  return Array.from({ length: Math.ceil(count / SITE_SIZE) }, (_, i) => site(i, random))
    .flat()
    .slice(0, count);
}

/** Secrets as an exported stack holds them: encrypted, so the scan sees them as unknown. */
function encryptSecrets(value: unknown, index: number): unknown {
  if (Array.isArray(value)) return value.map((v) => encryptSecrets(v, index));
  if (typeof value !== "object" || value === null) return value;
  const o = value as Record<string, unknown>;
  if (o[SECRET_SIG_KEY] === SECRET_SIG_VALUE) return { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, ciphertext: `v1:${Buffer.from(`secret-${index}`).toString("base64")}` };
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, encryptSecrets(v, index)]));
}

/** The fleet as `pulumi stack export` writes it (deployment version 3). */
export function stackExport(resources: readonly PackResource[]): unknown {
  const stackUrn = urnOf("pulumi:pulumi:Stack", "mailflow-bench");
  const provider = urnOf("pulumi:providers:azure-native", "default_3_28_0");
  const urnByName = new Map(resources.map((r) => [r.name, urnOf(r.type, r.name)]));
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-05-28T18:02:14.508Z", magic: "bench", version: "v3.248.0" },
      resources: [
        { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
        { urn: provider, custom: true, id: "provider-0", type: "pulumi:providers:azure-native", inputs: { location: "westeurope" }, outputs: { location: "westeurope" } },
        ...resources.map((r, index) => {
          const inputs = encryptSecrets(r.props, index) as Record<string, unknown>;
          const target = ["vmName", "machineName"].map((k) => inputs[k]).find((v): v is string => typeof v === "string");
          const targetUrn = target ? urnByName.get(target) : undefined;
          return {
            urn: urnOf(r.type, r.name),
            custom: true,
            id: r.type === VM_RUN_COMMAND ? `${vmId(String(inputs.vmName))}/runCommands/${r.name}` : `/subscriptions/${SUBSCRIPTION}/resourceGroups/mail-rg/providers/bench/${r.name}`,
            type: r.type,
            inputs,
            outputs: { ...inputs, provisioningState: "Succeeded" },
            parent: stackUrn,
            provider: `${provider}::provider-0`,
            dependencies: targetUrn ? [targetUrn] : [],
            propertyDependencies: targetUrn ? { [inputs.vmName !== undefined ? "vmName" : "machineName"]: [targetUrn] } : {},
          };
        }),
      ],
    },
  };
}
