// The ceiling of the Analyze benchmark: a pack that reads each carrier (with our reader) and
// parses each distinct script once with the same parser, and does nothing else: no walk, no
// evaluation, no diagnostics. No pack that parses every script can be faster than this one,
// so its ratio against the no-op pack bounds what any such design reaches on this machine.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import policy from "@pulumi/policy";

const require = createRequire(import.meta.url);
const { carrierModels } = require("../../dist/src/rules/analysis.js");
const { parsePowerShell } = require("../../dist/src/powershell/parser.js");

const parsed = new Set();
new policy.PolicyPack("bench-parse-only", {
  policies: [
    {
      name: "parse-only",
      description: "Parses each distinct script once.",
      enforcementLevel: "advisory",
      validateResource: async (args) => {
        const props = args.props.__getSpecialProxyTarget ?? args.props;
        for (const carrier of carrierModels({ type: args.type, name: args.name, props })) {
          for (const item of carrier.content) {
            if (item.kind !== "script") continue;
            const digest = createHash("sha256").update(item.text).digest("base64");
            if (parsed.has(digest)) continue;
            parsed.add(digest);
            const result = await parsePowerShell(item.text);
            if ("tree" in result) result.tree.delete();
          }
        }
      },
    },
  ],
});
