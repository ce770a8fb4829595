import { type DesiredValue, type RemediationOptions } from "./desired.js";

export interface KeyGroup {
  readonly key: string;
  readonly purpose: string;
  readonly values: readonly DesiredValue[];
}

/** The desired values grouped by key, in first-appearance order: one commented block per key. */
export function groupByKey(values: readonly DesiredValue[]): KeyGroup[] {
  const groups = new Map<string, { key: string; purpose: string; values: DesiredValue[] }>();
  for (const value of values) {
    const group = groups.get(value.key);
    if (group) group.values.push(value);
    else groups.set(value.key, { key: value.key, purpose: value.purpose, values: [value] });
  }
  return [...groups.values()];
}

/** The options an artefact was rendered with, for its header: the artefact says what it is. */
export function optionsSummary(options: Required<RemediationOptions>): string {
  const legacy = options.disableLegacyProtocols ? `true (${options.legacyProtocols.join(", ")})` : "false";
  return `options: disableLegacyProtocols=${legacy}; tls13=${options.tls13}; includeDotNetV2=${options.includeDotNetV2}; restart=${options.restart}`;
}
