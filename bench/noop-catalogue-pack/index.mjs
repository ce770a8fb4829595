// A second floor for Analyze: a pack with one do-nothing policy per name of the catalogue. It
// measures what the SDK costs a pack of that many policies before any of them looks at anything.
// The names come from the build (`npm run bench` builds first); nothing else of ours is loaded.
import { createRequire } from "node:module";
import policy from "@pulumi/policy";

const { POLICY_NAMES } = createRequire(import.meta.url)("../../dist/src/rules/types.js");

new policy.PolicyPack("bench-noop-catalogue", {
  policies: POLICY_NAMES.map((name) => ({ name, description: "Accepts every resource.", enforcementLevel: "advisory", validateResource: () => undefined })),
});
