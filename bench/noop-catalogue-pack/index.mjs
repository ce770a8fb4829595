// A second floor: a pack of the catalogue's shape, each policy doing nothing: a resource policy
// per resource rule and a stack policy per stack rule. It measures what the SDK costs a pack of
// that shape before any policy looks at anything (for a stack policy, the SDK deserialises every
// resource of the stack again). The names come from the build (`npm run bench` builds first);
// nothing else of ours is loaded.
import { createRequire } from "node:module";
import policy from "@pulumi/policy";

const { POLICY_NAMES, STACK_POLICY_NAMES } = createRequire(import.meta.url)("../../dist/src/rules/types.js");

const noop = () => undefined;
new policy.PolicyPack("bench-noop-catalogue", {
  policies: POLICY_NAMES.map((name) => ({
    name,
    description: "Accepts everything.",
    enforcementLevel: "advisory",
    ...(STACK_POLICY_NAMES.includes(name) ? { validateStack: noop } : { validateResource: noop }),
  })),
});
