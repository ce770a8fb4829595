/**
 * mailflow-fleet: a small mail estate on Azure and Azure Arc with compliant and non-compliant
 * servers of every kind, to try the policy pack on:
 *
 *     pulumi preview --policy-pack ../../policies
 *
 * Each resource's comment says what the pack reports about it (test/pack/fleet.test.ts checks
 * exactly that). Nothing here is meant to be deployed: the preview is the point.
 */
import * as pulumi from "@pulumi/pulumi";
import * as automation from "@pulumi/azure-native/automation";
import * as compute from "@pulumi/azure-native/compute";
import * as guestconfiguration from "@pulumi/azure-native/guestconfiguration";
import * as hybridcompute from "@pulumi/azure-native/hybridcompute";
import * as resources from "@pulumi/azure-native/resources";
import type * as types from "@pulumi/azure-native/types";
// Extensionless: the program runs under Pulumi's own TypeScript support (CommonJS resolution).
import { FULL_BASELINE, tlsBaselineCommand, tlsBaselineDsc, tlsBaselineScript, type TlsBaseline } from "./scripts";

const config = new pulumi.Config();
const adminPassword = config.requireSecret("adminPassword");
const location = config.get("location") ?? "westeurope";

/** The build the pack reads from the `exchange-build` tag: Exchange SE, May 2026 hotfix update. */
const EXCHANGE_SE = "15.2.2562.41";

const rg = new resources.ResourceGroup("mail-rg", { resourceGroupName: "mail-rg", location });

interface ServerOptions {
  readonly sku?: string;
  readonly tags?: Record<string, string>;
  readonly patchMode?: "AutomaticByPlatform" | "AutomaticByOS" | "Manual";
  readonly enableAutomaticUpdates?: boolean;
  /** What its run command writes; `null`: no run command. Default: the full baseline. */
  readonly baseline?: TlsBaseline | null;
}

/**
 * A Windows VM and the run command that writes its TLS baseline; by default a compliant Exchange SE
 * mailbox server on Server 2022 with platform patching.
 */
function windowsVm(name: string, o: ServerOptions = {}): compute.VirtualMachine {
  const patchMode = o.patchMode ?? "AutomaticByPlatform";
  const vm = new compute.VirtualMachine(name, {
    resourceGroupName: rg.name,
    vmName: name,
    location,
    tags: o.tags ?? { role: "exchange", "exchange-build": EXCHANGE_SE },
    hardwareProfile: { vmSize: "Standard_E4s_v5" },
    storageProfile: {
      imageReference: { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: o.sku ?? "2022-datacenter-azure-edition", version: "latest" },
      osDisk: { createOption: "FromImage", osType: "Windows" },
    },
    osProfile: {
      computerName: name,
      adminUsername: "mailadmin",
      adminPassword,
      windowsConfiguration: {
        enableAutomaticUpdates: o.enableAutomaticUpdates ?? true,
        patchSettings: {
          patchMode,
          ...(patchMode === "AutomaticByPlatform" ? { assessmentMode: "AutomaticByPlatform", automaticByPlatformSettings: { rebootSetting: "IfRequired" } } : {}),
        },
      },
    },
    networkProfile: { networkInterfaces: [{ id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mail-rg/providers/Microsoft.Network/networkInterfaces/${name}-nic` }] },
  });
  const baseline = o.baseline === undefined ? FULL_BASELINE : o.baseline;
  if (baseline) {
    // A managed run command; it targets the VM through the VM's `name` output.
    new compute.VirtualMachineRunCommandByVirtualMachine(`${name}-tls-baseline`, {
      resourceGroupName: rg.name,
      vmName: vm.name,
      runCommandName: "tls-baseline",
      location,
      source: { script: tlsBaselineScript(baseline) },
      asyncExecution: false,
      treatFailureAsDeploymentFailure: true,
    });
  }
  return vm;
}

// Compliant: Server 2022, platform patching, Exchange SE, the full baseline from a run command.
windowsVm("mbx01");

// mail-server-tls-baseline (mandatory): a mail server nothing configures.
windowsVm("mbx02", { baseline: null });

// schannel-protocols-consistent (mandatory) and schannel-legacy-protocols-disabled (advisory), on
// the run command: TLS 1.0 half-disabled (Enabled=0 with DisabledByDefault=0).
windowsVm("mbx03", { baseline: { ...FULL_BASELINE, protocols: { ...FULL_BASELINE.protocols, "TLS 1.0": "half-disabled" } } });

// windows-server-supported (mandatory): Server 2012 R2 is past the end of extended support.
windowsVm("mbx04", { sku: "2012-R2-Datacenter" });

// exchange-build-supported (mandatory): Exchange 2016 CU23 RTM build, out of support.
windowsVm("mbx05", { sku: "2019-Datacenter", tags: { role: "exchange", "exchange-build": "15.1.2507.6" } });

// windows-automatic-patching (mandatory): manual patching, Windows Update off.
windowsVm("mbx06", { patchMode: "Manual", enableAutomaticUpdates: false });

// windows-automatic-patching, waived by the Azure tag: reported as advisory with its reason and expiry.
windowsVm("mbx07", {
  patchMode: "Manual",
  tags: {
    role: "exchange",
    "exchange-build": EXCHANGE_SE,
    "mailflow-tls-guard-waiver": "policy=windows-automatic-patching;reason=Journaling appliance patched by its vendor;approver=mail-platform-lead;expires=2026-12-31",
  },
});

// tls13-exchange-compatible (advisory): Exchange 2019 CU14 (ESU build) on Server 2022 leaves TLS 1.3 on.
windowsVm("mbx08", { tags: { role: "exchange", "exchange-build": "15.2.1544.39" } });

/** A scale set of mail servers; `extensions` go in its extensionProfile. */
function mailScaleSet(name: string, role: string, sku: string, automaticOsUpgrade: boolean, extensions: types.input.compute.VirtualMachineScaleSetExtensionArgs[]): compute.VirtualMachineScaleSet {
  return new compute.VirtualMachineScaleSet(name, {
    resourceGroupName: rg.name,
    vmScaleSetName: name,
    location,
    tags: { role, "exchange-build": EXCHANGE_SE },
    sku: { name: "Standard_D4s_v5", capacity: 2 },
    upgradePolicy: automaticOsUpgrade ? { mode: "Automatic", automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: true } } : { mode: "Manual" },
    virtualMachineProfile: {
      storageProfile: {
        imageReference: { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku, version: "latest" },
        osDisk: { createOption: "FromImage", osType: "Windows" },
      },
      osProfile: {
        computerNamePrefix: name,
        adminUsername: "mailadmin",
        adminPassword,
        // Azure requires Windows Update off when automatic OS image upgrades are on.
        windowsConfiguration: automaticOsUpgrade ? { enableAutomaticUpdates: false } : { enableAutomaticUpdates: true, patchSettings: { patchMode: "AutomaticByOS" } },
      },
      ...(extensions.length > 0 ? { extensionProfile: { extensions } } : {}),
    },
  });
}

// Compliant edge scale set: automatic OS image upgrades, the baseline from a Custom Script Extension
// in its extensionProfile.
mailScaleSet("edge-vmss", "edge", "2022-datacenter-azure-edition", true, [
  {
    name: "tls-baseline",
    publisher: "Microsoft.Compute",
    type: "CustomScriptExtension",
    typeHandlerVersion: "1.10",
    autoUpgradeMinorVersion: true,
    settings: { commandToExecute: tlsBaselineCommand() },
  },
]);

// windows-automatic-patching and mail-server-tls-baseline (both mandatory): an SMTP relay scale set
// with neither OS image upgrades nor platform patching, and no baseline.
mailScaleSet("relay-vmss", "smtp-relay", "2019-Datacenter", false, []);

// Compliant Arc-enabled mail server on premises, configured by an Arc run command.
const arcMail = new hybridcompute.Machine("arc-mail01", {
  resourceGroupName: rg.name,
  machineName: "arc-mail01",
  location,
  kind: "HCI",
  osType: "windows",
  tags: { role: "mail", "exchange-build": EXCHANGE_SE },
  osProfile: { windowsConfiguration: { assessmentMode: "AutomaticByPlatform", patchMode: "AutomaticByPlatform" } },
});
new hybridcompute.MachineRunCommand("arc-mail01-tls-baseline", {
  resourceGroupName: rg.name,
  machineName: arcMail.name,
  runCommandName: "tls-baseline",
  location,
  source: { script: tlsBaselineScript() },
  asyncExecution: false,
});

// A utility server (not a mail server) with two problems of its own.
const util01 = windowsVm("util01", { tags: { role: "utility" }, baseline: null });

// extension-secrets-protected (mandatory): a storage account key in public settings.
new compute.VirtualMachineExtension("util01-inventory", {
  resourceGroupName: rg.name,
  vmName: util01.name,
  vmExtensionName: "inventory",
  location,
  publisher: "Microsoft.Compute",
  type: "CustomScriptExtension",
  typeHandlerVersion: "1.10",
  settings: {
    commandToExecute: "powershell.exe -NoProfile -Command \"Get-Service MSExchangeTransport\"",
    storageAccountName: "mailinventory",
    storageAccountKey: "ZXhhbXBsZS1zdG9yYWdlLWtleS1ub3QtcmVhbC1ub3QtcmVhbC1ub3QtcmVhbA==",
  },
});

// machine-configuration-min-tls (mandatory): the AuditSecureProtocol audit asks for TLS 1.1 only.
new guestconfiguration.GuestConfigurationAssignment("util01-audit-tls", {
  resourceGroupName: rg.name,
  vmName: util01.name,
  guestConfigurationAssignmentName: "AuditSecureProtocol",
  name: "AuditSecureProtocol",
  location,
  properties: {
    guestConfiguration: {
      name: "AuditSecureProtocol",
      version: "1.0.0",
      assignmentType: "Audit",
      configurationParameter: [{ name: "[SecureWebServer]s1;MinimumTLSVersion", value: "1.1" }],
    },
  },
});

// Compliant: the baseline as an Azure Automation State Configuration.
const automationAccount = new automation.AutomationAccount("mail-automation", {
  resourceGroupName: rg.name,
  automationAccountName: "mail-automation",
  location,
  sku: { name: "Basic" },
});
new automation.DscConfiguration("MailTlsBaseline", {
  resourceGroupName: rg.name,
  automationAccountName: automationAccount.name,
  configurationName: "MailTlsBaseline",
  location,
  source: { type: "embeddedContent", value: tlsBaselineDsc("MailTlsBaseline") },
});
