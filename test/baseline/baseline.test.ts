import { describe, expect, it } from "vitest";
import {
  CONTROLS,
  DOTNET_KEYS,
  EXCHANGE_CUS,
  SCHANNEL_PROTOCOLS,
  SOURCES,
  WINDOWS_RELEASES,
  WINHTTP_CONTROLS,
  compareBuilds,
  cuOfBuild,
  parseBuild,
  productOfBuild,
  releaseOfImageVersion,
  releaseOfSku,
  schannelKey,
  type ControlId,
  type SourceId,
} from "../../src/baseline/index.js";
import { keyId } from "../../src/registry/key.js";

/** Every table row that cites controls and sources. */
const rows: { name: string; controls: readonly ControlId[]; sources: readonly SourceId[] }[] = [
  ...SCHANNEL_PROTOCOLS.map((p) => ({ name: `protocol ${p.id}`, controls: p.controls, sources: p.sources })),
  ...DOTNET_KEYS.map((k) => ({ name: `.NET ${k.key}`, controls: k.controls, sources: k.sources })),
  ...EXCHANGE_CUS.map((r) => ({ name: `Exchange ${r.product} ${r.cu}`, controls: r.controls, sources: r.sources })),
  ...WINDOWS_RELEASES.map((r) => ({ name: `Windows ${r.version}`, controls: r.controls, sources: r.sources })),
  { name: "WinHTTP", controls: WINHTTP_CONTROLS, sources: ["exchange-tls-configuration"] },
];

describe("baseline table invariants", () => {
  it("every row cites at least one existing control and source", () => {
    const controlIds = new Set(CONTROLS.map((c) => c.id));
    for (const row of rows) {
      expect(row.controls.length, row.name).toBeGreaterThan(0);
      expect(row.sources.length, row.name).toBeGreaterThan(0);
      for (const c of row.controls) expect(controlIds.has(c), `${row.name} cites ${c}`).toBe(true);
      for (const s of row.sources) expect(SOURCES[s], `${row.name} cites ${s}`).toBeDefined();
    }
  });

  it("every control is referenced by a row, except those that judge resources rather than registry data", () => {
    const referenced = new Set(rows.flatMap((r) => r.controls));
    const resourceOnly: ControlId[] = ["MTG-PATCHING", "MTG-SECRETS", "MTG-MACHINE-CONFIGURATION"];
    for (const c of CONTROLS) {
      if (resourceOnly.includes(c.id)) continue;
      expect(referenced.has(c.id), c.id).toBe(true);
    }
  });

  it("control ids are unique and each control has references and sources", () => {
    expect(new Set(CONTROLS.map((c) => c.id)).size).toBe(CONTROLS.length);
    for (const c of CONTROLS) {
      expect(c.references.length, c.id).toBeGreaterThan(0);
      for (const s of c.sources) expect(SOURCES[s], `${c.id} cites ${s}`).toBeDefined();
    }
  });

  it("source ids match their keys and carry a dated https url", () => {
    for (const [key, s] of Object.entries(SOURCES)) {
      expect(s.id).toBe(key);
      expect(s.url).toMatch(/^https:\/\//);
      expect(s.revised).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("registry paths are unique (case-insensitively)", () => {
    const paths = [
      ...SCHANNEL_PROTOCOLS.flatMap((p) => [schannelKey(p.id, "Client"), schannelKey(p.id, "Server")]),
      ...DOTNET_KEYS.map((k) => k.key),
    ].map(keyId);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it("Exchange CUs are sorted by product then build, builds parse, minimum security builds sit on their CU", () => {
    const order = ["2013", "2016", "2019", "SE"];
    for (let i = 1; i < EXCHANGE_CUS.length; i++) {
      const a = EXCHANGE_CUS[i - 1]!;
      const b = EXCHANGE_CUS[i]!;
      const byProduct = order.indexOf(a.product) - order.indexOf(b.product);
      expect(byProduct <= 0, `${a.cu} before ${b.cu}`).toBe(true);
      if (byProduct === 0) expect(compareBuilds(parseBuild(a.baseBuild)!, parseBuild(b.baseBuild)!)).toBe(-1);
    }
    for (const row of EXCHANGE_CUS) {
      const base = parseBuild(row.baseBuild);
      expect(base, row.baseBuild).toBeDefined();
      expect(productOfBuild(base!)).toBe(row.product);
      expect(cuOfBuild(base!)).toBe(row);
      if (row.minimumSecurityBuild) {
        const min = parseBuild(row.minimumSecurityBuild)!;
        expect(compareBuilds(min, base!)).toBe(1);
        expect(cuOfBuild(min)).toBe(row);
      }
    }
  });

  it("Windows releases are sorted by rank and end of support, with unique OS builds", () => {
    for (let i = 1; i < WINDOWS_RELEASES.length; i++) {
      expect(WINDOWS_RELEASES[i]!.rank).toBeGreaterThan(WINDOWS_RELEASES[i - 1]!.rank);
      expect(WINDOWS_RELEASES[i]!.endOfExtendedSupport >= WINDOWS_RELEASES[i - 1]!.endOfExtendedSupport).toBe(true);
    }
    expect(new Set(WINDOWS_RELEASES.map((r) => r.osBuild)).size).toBe(WINDOWS_RELEASES.length);
  });
});

describe("Exchange build arithmetic", () => {
  it.each([
    ["15.0.1497.48", "2013"],
    ["15.1.2507.66", "2016"],
    ["15.2.1748.43", "2019"],
    ["15.2.2562.17", "SE"],
    ["14.3.513.0", undefined],
  ])("%s is Exchange %s", (build, product) => {
    expect(productOfBuild(parseBuild(build)!)).toBe(product);
  });

  it.each([
    ["15.2.1748.43", "CU15"],
    ["15.2.1748.52", "CU15"],
    ["15.2.1544.39", "CU14"],
    ["15.2.1118.7", undefined],
    ["15.1.2507.66", "CU23"],
  ])("build %s is on %s", (build, cu) => {
    expect(cuOfBuild(parseBuild(build)!)?.cu).toBe(cu);
  });

  it.each(["15.2", "15.2.1748", "a.b.c.d", "15.2.1748.43.1", ""])("rejects malformed build %j", (text) => {
    expect(parseBuild(text)).toBeUndefined();
  });
});

describe("Windows images", () => {
  it.each([
    ["2008-R2-SP1", "2008 R2"],
    ["2012-Datacenter", "2012"],
    ["2012-R2-Datacenter", "2012 R2"],
    ["2012-r2-datacenter-smalldisk-g2", "2012 R2"],
    ["2016-Datacenter", "2016"],
    ["2016-datacenter-gensecond", "2016"],
    ["2019-Datacenter-Core", "2019"],
    ["2019-datacenter-core-g2", "2019"],
    ["2022-datacenter-azure-edition", "2022"],
    ["2022-datacenter-azure-edition-hotpatch", "2022"],
    ["2025-datacenter", "2025"],
    ["2025-datacenter-g2", "2025"],
  ])("SKU %s is Windows Server %s", (sku, version) => {
    expect(releaseOfSku(sku)?.version).toBe(version);
  });

  it.each(["datacenter-core-2004-with-containers-smalldisk", "win11-22h2-ent", "20.04-LTS", "2030-datacenter", ""])("SKU %j names no known release", (sku) => {
    expect(releaseOfSku(sku)).toBeUndefined();
  });

  it.each([
    ["20348.2340.240303", "2022"],
    ["17763.5576.240304", "2019"],
    ["14393.6796.240304", "2016"],
    ["latest", undefined],
  ])("image version %s is Windows Server %s", (version, release) => {
    expect(releaseOfImageVersion(version)?.version).toBe(release);
  });
});
