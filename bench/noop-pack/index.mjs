// The floor of the pack benchmarks: a pack started exactly as ours is, with one policy that does
// nothing. ESM (.mjs) only because the lint configuration parses .js files with type information;
// Node 20.19+ loads it through the same `require` as a CommonJS pack.
import policy from "@pulumi/policy";

new policy.PolicyPack("bench-noop", {
  policies: [{ name: "noop", description: "Accepts every resource.", enforcementLevel: "advisory", validateResource: () => undefined }],
});
