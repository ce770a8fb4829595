// The mailflow-tls-guard CrossGuard pack. Thin on purpose: the policies are the framework-free
// rules of src/rules (shared with the CLI); policies/adapter.ts wraps them for @pulumi/policy.
// Nothing here may print: the first stdout line of this process is the gRPC port.
import { PolicyPack } from "@pulumi/policy";
import { RULES } from "../src/rules/catalogue.js";
import { toPolicy } from "./adapter.js";

new PolicyPack("mailflow-tls-guard", { policies: RULES.map(toPolicy) });
