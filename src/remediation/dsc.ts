import { sealArtefact, dscRegistryKey, headerLine, psQuote, type RenderedArtefact } from "./artefact.js";
import { RemediationOptionsError, desiredRegistryValues, resolveRemediationOptions, type DesiredValue, type RemediationOptions } from "./desired.js";
import { groupByKey, optionsSummary } from "./layout.js";

export interface DscRenderOptions extends RemediationOptions {
  /** PowerShell identifier; default `MailflowTlsBaseline`. */
  readonly configurationName?: string;
  /** Host name the `Node` block targets; default `localhost`. */
  readonly nodeName?: string;
}

export const DEFAULT_CONFIGURATION_NAME = "MailflowTlsBaseline";
const DEFAULT_NODE_NAME = "localhost";
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
// A DNS host name: safe as a bare word after `Node`.
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * A DSC configuration with one built-in `Registry` resource per desired value. The artefact never
 * restarts anything: the Registry resource does not request a reboot, so reboots are left to the
 * LCM (`RebootNodeIfNeeded`) or to the maintenance configuration, whatever `restart` says.
 * Opening braces stay on the keyword's line: static readers (tree-sitter-powershell among them)
 * do not join a `{` on the next line to a DSC keyword as PowerShell does.
 */
export function renderDscConfiguration(options: DscRenderOptions): RenderedArtefact {
  const configurationName = options.configurationName ?? DEFAULT_CONFIGURATION_NAME;
  const nodeName = options.nodeName ?? DEFAULT_NODE_NAME;
  const problems = [
    ...(typeof configurationName === "string" && IDENTIFIER.test(configurationName) ? [] : ["configurationName must be a PowerShell identifier (letters, digits, underscores)"]),
    ...(typeof nodeName === "string" && HOST_NAME.test(nodeName) ? [] : ["nodeName must be a host name"]),
  ];
  if (problems.length > 0) throw new RemediationOptionsError(problems);
  const resolved = resolveRemediationOptions(options);
  const values = desiredRegistryValues(resolved);

  return sealArtefact(`${configurationName}.ps1`, (contentHash) =>
    [
      headerLine(contentHash),
      `# ${optionsSummary(resolved)}`,
      "# Generated from the mailflow-tls-guard baseline tables; edit the tables, not this file.",
      "# Restarts: the Registry resource never requests one; SCHANNEL changes take effect after the",
      "# next reboot by the LCM (RebootNodeIfNeeded) or the maintenance configuration.",
      `Configuration ${configurationName} {`,
      "    Import-DscResource -ModuleName PSDesiredStateConfiguration",
      "",
      `    Node ${nodeName} {`,
      groupByKey(values)
        .map((group) => [`        # ${group.purpose}`, ...group.values.map(registryResource)].join("\n"))
        .join("\n\n"),
      "    }",
      "}",
      "",
    ].join("\n"),
  );
}

function registryResource(value: DesiredValue): string {
  return [
    `        Registry ${value.id} {`,
    `            Key       = ${psQuote(dscRegistryKey(value.key))}`,
    `            ValueName = ${psQuote(value.valueName)}`,
    `            ValueData = ${psQuote(String(value.data))}`,
    "            ValueType = 'Dword'",
    "            Ensure    = 'Present'",
    "            Force     = $true",
    "        }",
  ].join("\n");
}
