/**
 * The round trip: what the renderers write, read back by our own extractor and judged by our own
 * evaluators, is the baseline. A carrier the remediation stack deploys must pass the pack.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_LEGACY_PROTOCOLS, windowsRelease } from "../../src/baseline/index.js";
import { checkDotNet } from "../../src/evaluate/dotnet.js";
import { checkLegacyDisabled } from "../../src/evaluate/legacy.js";
import { checkProtocolConsistency } from "../../src/evaluate/protocols.js";
import { checkTls12 } from "../../src/evaluate/tls12.js";
import { checkTls13Compatibility } from "../../src/evaluate/tls13.js";
import { type ExchangeEvidence } from "../../src/model/index.js";
import { extractScript } from "../../src/powershell/extract.js";
import { keyId } from "../../src/registry/key.js";
import { RegistryState } from "../../src/registry/state.js";
import { defaultRemediationOptions, desiredRegistryValues, renderDscConfiguration, renderRemediationScript, renderRollbackScript, RESTART_POLICIES, type RemediationOptions, type RenderedArtefact } from "../../src/remediation/index.js";
import { COMBINATIONS } from "./combinations.js";

/** A server where TLS 1.3 matters: Windows Server 2022 (on by default) with Exchange 2016 (cannot use it). */
const WS2022 = windowsRelease("2022");
const EXCHANGE_2016: ExchangeEvidence = { source: "tag exchange-build", build: "15.1.2507.66" };

const RENDERERS: readonly { name: string; render: (options: RemediationOptions) => RenderedArtefact }[] = [
  { name: "script", render: renderRemediationScript },
  { name: "DSC", render: renderDscConfiguration },
];

const CASES = COMBINATIONS.flatMap((c) => RENDERERS.map((r) => ({ ...c, name: `${r.name}, ${c.name}`, render: r.render })));

/** Each artefact is extracted once and shared by the tests that read it. */
const extractions = new Map<string, ReturnType<typeof extractScript>>();
function extract(artefact: RenderedArtefact): ReturnType<typeof extractScript> {
  const cached = extractions.get(artefact.text) ?? extractScript(artefact.text, { file: artefact.fileName });
  extractions.set(artefact.text, cached);
  return cached;
}

function valueIds(entries: readonly { key: string; valueName: string }[]): string[] {
  return entries.map((e) => `${keyId(e.key)}\\${e.valueName.toLowerCase()}`).sort();
}

describe("rendered artefacts read back by extractScript", () => {
  it.each(CASES)("$name: every desired DWORD, nothing else, nothing unresolved", async ({ options, render }) => {
    const artefact = render(options);
    const extraction = await extract(artefact);
    expect(extraction.errors).toEqual([]);
    expect(extraction.unresolved).toEqual([]);

    const desired = desiredRegistryValues(options);
    const state = RegistryState.from(extraction.ops);
    for (const v of desired) expect(state.get(v.key, v.valueName)?.data, `${v.key}\\${v.valueName}`).toEqual({ type: "dword", value: v.data });
    expect(valueIds(extraction.ops.flatMap((op) => (op.op === "set" ? [op] : [])))).toEqual(valueIds(desired));
    expect(extraction.ops.filter((op) => op.op === "deleteKey" || op.op === "deleteValue")).toEqual([]);
  });

  it.each(CASES)("$name: the evaluators find nothing the options ask for", async ({ options, render }) => {
    const artefact = render(options);
    const state = RegistryState.from((await extract(artefact)).ops);

    expect(checkTls12(state)).toEqual([]);
    expect(checkProtocolConsistency(state)).toEqual([]);
    expect(checkDotNet(state, { includeV2: options.includeDotNetV2 })).toEqual([]);

    // The advisory legacy policy and the TLS 1.3 policy pass exactly when the options ask for it.
    const legacy = checkLegacyDisabled(state, { protocols: DEFAULT_LEGACY_PROTOCOLS });
    const tls13 = checkTls13Compatibility({ state, windows: WS2022, exchange: [EXCHANGE_2016] });
    if (options.disableLegacyProtocols) expect(legacy).toEqual([]);
    else expect(legacy.map((f) => f.outcome)).toContain("violation");
    if (options.tls13 === "disable") expect(tls13).toEqual([]);
    else expect(tls13.map((f) => f.outcome)).toContain("violation");
  });

  it("reads the DSC node name", async () => {
    const dsc = renderDscConfiguration({ ...defaultRemediationOptions, nodeName: "mx01.contoso.com" });
    expect((await extractScript(dsc.text, { file: dsc.fileName })).nodeNames).toEqual(["mx01.contoso.com"]);
  });

  it.each(RESTART_POLICIES)("rollback script (restart %s): parses, and is never read as a baseline", async (restart) => {
    const rollback = renderRollbackScript({ restart });
    const extraction = await extractScript(rollback.text, { file: rollback.fileName });
    expect(extraction.errors).toEqual([]);
    // What it writes comes from a backup file on the server: the checker must say it cannot tell.
    expect(extraction.ops.filter((op) => op.op !== "createKey")).toEqual([]);
    expect(extraction.unresolved.length).toBeGreaterThan(0);
  });
});
