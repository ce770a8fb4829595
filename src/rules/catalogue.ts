import { type Rule } from "./types.js";

/**
 * The policy catalogue, in PRODUCT.md order: one file per policy under `src/rules/policies/`.
 * The pack, the CLI, the docs and the reports all read this list.
 */
export const RULES: readonly Rule[] = [];
