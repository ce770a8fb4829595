import { describe, expect, it } from "vitest";
import { findTag, globMatch, isMailServer, type MailServerSelector, readExchangeBuildTag, type SelectableServer } from "../../src/azure/select.js";
import { readServer } from "../../src/azure/server.js";
import { exported } from "./fixtures.js";

/** The documented defaults of the shared `mailServers` key (PRODUCT.md). */
const SELECTOR: MailServerSelector = {
  tagKeys: ["role", "workload"],
  tagValues: ["exchange", "mail", "mailbox", "edge", "smtp", "smtp-relay"],
  namePatterns: [],
  include: [],
  exclude: [],
};
const NO_EVIDENCE = { exchangeInstalled: false };

const server = (tags: SelectableServer["tags"], extra: Partial<SelectableServer> = {}): SelectableServer => ({ name: "vm1", azureName: "vm1-az", tags, ...extra });

describe("isMailServer", () => {
  it.each([
    ["role tag", server({ role: "exchange" }), SELECTOR, "tag role is exchange"],
    ["tag key and value in another case", server({ Workload: "SMTP-Relay" }), SELECTOR, "tag workload is smtp-relay"],
    ["one of several listed roles", server({ role: "dc, Mailbox" }), SELECTOR, "tag role is mailbox"],
    ["name pattern on the Azure name", server({}), { ...SELECTOR, namePatterns: ["*-AZ"] }, "name matches *-AZ"],
    ["include list by URN pattern", server({}, { urn: "urn:pulumi:prod::mail::azure-native:compute:VirtualMachine::vm1" }), { ...SELECTOR, include: ["urn:pulumi:prod::*::vm1"] }, "listed in mailServers.include"],
    ["unknown OS family is still eligible", server({ role: "edge" }, { osFamily: "unknown" }), SELECTOR, "tag role is edge"],
  ])("selected by %s", (_, s, selector, reason) => {
    expect(isMailServer(s, selector, NO_EVIDENCE)).toEqual({ selected: true, reason });
  });

  it("selected by Exchange evidence from a carrier", () => {
    expect(isMailServer(server({ role: "app" }), SELECTOR, { exchangeInstalled: true })).toEqual({ selected: true, reason: "a carrier installs Exchange on it" });
  });

  it.each([
    ["other role", server({ role: "domain-controller" }), SELECTOR, "no role tag, name pattern or Exchange evidence"],
    ["role value under another tag key", server({ purpose: "exchange" }), SELECTOR, "no role tag, name pattern or Exchange evidence"],
    ["exclude wins over the tag", server({ role: "exchange" }), { ...SELECTOR, exclude: ["vm1"] }, "listed in mailServers.exclude"],
    ["exclude wins over include", server({}), { ...SELECTOR, include: ["vm*"], exclude: ["vm1-az"] }, "listed in mailServers.exclude"],
    ["Linux relay", server({ role: "smtp-relay" }, { osFamily: "linux" }), SELECTOR, "runs Linux"],
    ["no tags at all", server(undefined), SELECTOR, "no role tag, name pattern or Exchange evidence"],
  ])("not selected: %s", (_, s, selector, reason) => {
    expect(isMailServer(s, selector, NO_EVIDENCE)).toEqual({ selected: false, reason, unknown: [] });
  });

  it.each([
    ["all tags unknown", server({ unknown: true, path: "tags" }), SELECTOR, [{ unknown: true, path: "tags" }]],
    ["the role tag unknown", server({ role: { unknown: true, path: "tags.role" }, env: "prod" }), SELECTOR, [{ unknown: true, path: "tags.role" }]],
    ["the Azure name unknown with name patterns", server({}, { azureName: { unknown: true, path: "vmName" } }), { ...SELECTOR, namePatterns: ["mbx*"] }, [{ unknown: true, path: "vmName" }]],
  ])("not selected but undecided: %s", (_, s, selector, unknown) => {
    expect(isMailServer(s, selector, NO_EVIDENCE)).toMatchObject({ selected: false, unknown });
  });

  it("a server model read from a stack export is selectable as it is", () => {
    const r = exported("edge-onprem-01");
    expect(isMailServer(readServer("arcMachine", "edge-onprem-01", r.outputs), SELECTOR, NO_EVIDENCE)).toEqual({ selected: true, reason: "tag workload is smtp-relay" });
  });
});

describe("globMatch and findTag", () => {
  it.each([
    ["mbx*", "MBX01", true],
    ["*-edge-*", "weu-edge-01", true],
    ["mbx?", "mbx1", false],
    ["a.b", "axb", false],
    ["vm", "vm1", false],
    ["*", "", true],
  ])("%s against %s is %s", (pattern, text, expected) => {
    expect(globMatch(pattern, text)).toBe(expected);
  });

  it("finds tags case-insensitively and never inside unknown tags", () => {
    expect(findTag({ Role: "x" }, "role")).toBe("x");
    expect(findTag({ unknown: true, path: "tags" }, "role")).toBeUndefined();
  });
});

describe("readExchangeBuildTag", () => {
  it.each([
    ["15.2.1748.43", { source: "tag exchange-build", product: "2019", cu: "CU15", build: "15.2.1748.43" }],
    ["Version 15.1.2507.66", { source: "tag exchange-build", product: "2016", cu: "CU23", build: "15.1.2507.66" }],
    ["15.2.2562.37", { source: "tag exchange-build", product: "SE", cu: "RTM", build: "15.2.2562.37" }],
    ["2019 CU14", { source: "tag exchange-build", product: "2019", cu: "CU14" }],
    ["Exchange SE RTM", { source: "tag exchange-build", product: "SE", cu: "RTM" }],
    ["exchange 2016 cu 23", { source: "tag exchange-build", product: "2016", cu: "CU23" }],
    ["latest", { source: "tag exchange-build" }],
  ])("%s", (value, evidence) => {
    expect(readExchangeBuildTag({ "Exchange-Build": value })).toEqual(evidence);
  });

  it("absent, unknown and custom keys", () => {
    expect(readExchangeBuildTag({ role: "exchange" })).toBeUndefined();
    expect(readExchangeBuildTag({ "exchange-build": { unknown: true, path: "tags.exchange-build" } })).toEqual({ unknown: true, path: "tags.exchange-build" });
    expect(readExchangeBuildTag({ unknown: true, path: "tags" })).toEqual({ unknown: true, path: "tags" });
    expect(readExchangeBuildTag({ exbuild: "15.2.1544.39" }, "exbuild")).toMatchObject({ source: "tag exbuild", cu: "CU14" });
  });
});
