/** Every combination of the remediation options that change what an artefact says. */
import { RESTART_POLICIES, TLS13_CHOICES, type RemediationOptions } from "../../src/remediation/index.js";

export interface Combination {
  readonly name: string;
  readonly options: RemediationOptions;
}

export const COMBINATIONS: readonly Combination[] = [false, true].flatMap((disableLegacyProtocols) =>
  TLS13_CHOICES.flatMap((tls13) =>
    [true, false].flatMap((includeDotNetV2) =>
      RESTART_POLICIES.map((restart) => ({
        name: `legacy ${disableLegacyProtocols ? "disabled" : "left"}, tls13 ${tls13}, .NET v2 ${includeDotNetV2 ? "in" : "out"}, restart ${restart}`,
        options: { disableLegacyProtocols, tls13, includeDotNetV2, restart },
      })),
    ),
  ),
);

/** Occurrences of `needle` in `text`. */
export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
