// A second floor for Analyze: a pack with as many do-nothing policies as the catalogue has. The
// SDK deserializes a resource's properties once per policy, so this measures what the SDK costs a
// pack of eleven policies before any of them looks at anything.
import policy from "@pulumi/policy";

const NAMES = [
  "schannel-tls12-enabled",
  "schannel-protocols-consistent",
  "schannel-legacy-protocols-disabled",
  "dotnet-strong-crypto",
  "windows-server-supported",
  "windows-automatic-patching",
  "exchange-build-supported",
  "extension-secrets-protected",
  "machine-configuration-min-tls",
];
const STACK_NAMES = ["tls13-exchange-compatible", "mail-server-tls-baseline"];

new policy.PolicyPack("bench-noop-catalogue", {
  policies: [
    ...NAMES.map((name) => ({ name, description: "Accepts every resource.", enforcementLevel: "advisory", validateResource: () => undefined })),
    ...STACK_NAMES.map((name) => ({ name, description: "Accepts every stack.", enforcementLevel: "advisory", validateStack: () => undefined })),
  ],
});
