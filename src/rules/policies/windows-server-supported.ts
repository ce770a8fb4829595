import { SOURCES } from "../../baseline/sources.js";
import { DEFAULT_MINIMUM_WINDOWS, isWindowsVersion, WINDOWS_RELEASES } from "../../baseline/windows.js";
import { checkWindowsImage } from "../../evaluate/windows.js";
import { evaluateServerCheck, isVmOrScaleSetType } from "../analysis.js";
import { type ResourceRule } from "../types.js";

export const windowsServerSupported: ResourceRule = {
  kind: "resource",
  name: "windows-server-supported",
  description: "A Windows VM or scale set image is a Windows Server release at or above the configured minimum (default 2016) and not past end of extended support on the evaluation date; an image whose release cannot be told is indeterminate.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: ["MTG-WINDOWS-SUPPORTED"],
  remediationSteps: [
    "Move the server to a supported Windows Server release at or above the configured minimum:",
    "",
    "- set `storageProfile.imageReference` to publisher `MicrosoftWindowsServer`, offer `WindowsServer` and a current SKU such as `2022-datacenter-azure-edition` or `2025-datacenter` (scale sets: under `virtualMachineProfile`);",
    "- for a custom or gallery image, build it from such a release; the policy cannot tell the release from a gallery id, so declare it with a marketplace SKU or accept the indeterminate result with a waiver;",
    "- Exchange servers are not upgraded in place: install a new server on the new release and move the mailboxes and connectors.",
  ].join("\n"),
  url: SOURCES["windows-server-lifecycle"].url,
  serverScoped: true,
  ownConfig: {
    minimumVersion: {
      type: "string",
      enum: WINDOWS_RELEASES.map((r) => r.version),
      default: DEFAULT_MINIMUM_WINDOWS,
      description: "The oldest Windows Server release accepted.",
    },
  },
  appliesTo: isVmOrScaleSetType,
  evaluate: (resource, config) => {
    const configured = config.own.minimumVersion;
    const minimum = typeof configured === "string" && isWindowsVersion(configured) ? configured : DEFAULT_MINIMUM_WINDOWS;
    return Promise.resolve(evaluateServerCheck(resource, config, "MTG-WINDOWS-SUPPORTED", ({ server }) => (server.image ? checkWindowsImage(server.image, { minimum, asOf: config.asOf }) : [])));
  },
};
