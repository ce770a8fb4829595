import { describe, expect, it } from "vitest";
import { checkExchangeBuild, describeExchange, type ExchangeBuildOptions } from "../../src/evaluate/exchange.js";
import { type ExchangeEvidence } from "../../src/model/index.js";
import { codes } from "./fixtures.js";

const TAG = "tag exchange-build";
const NO_ESU: ExchangeBuildOptions = { asOf: "2026-06-01", allowExtendedSecurityUpdates: false };
const ESU: ExchangeBuildOptions = { ...NO_ESU, allowExtendedSecurityUpdates: true };
const build = (b: string): ExchangeEvidence => ({ source: TAG, build: b, location: { file: "exchange.ps1", line: 3 } });

describe("checkExchangeBuild (exchange-build-supported)", () => {
  const cases: readonly { name: string; evidence: ExchangeEvidence; options: ExchangeBuildOptions; expected: string[] }[] = [
    { name: "pass: SE at the Feb 2026 SU", evidence: build("15.2.2562.37"), options: NO_ESU, expected: [] },
    { name: "pass: SE hotfix update after the SU", evidence: build("15.2.2562.41"), options: NO_ESU, expected: [] },
    { name: "fail: SE RTM without security updates", evidence: build("15.2.2562.17"), options: NO_ESU, expected: ["EXCHANGE_BELOW_MINIMUM_SECURITY_BUILD:violation"] },
    { name: "unknown: SE build newer than the table", evidence: build("15.2.2600.5"), options: NO_ESU, expected: ["EXCHANGE_BUILD_NEWER_THAN_TABLE:indeterminate"] },
    { name: "fail: 2019 CU15 after end of support without ESU", evidence: build("15.2.1748.43"), options: NO_ESU, expected: ["EXCHANGE_END_OF_SUPPORT:violation"] },
    { name: "pass: 2019 CU15 ESU build with ESU allowed", evidence: build("15.2.1748.43"), options: ESU, expected: [] },
    { name: "fail: 2019 CU15 below the ESU build", evidence: build("15.2.1748.39"), options: ESU, expected: ["EXCHANGE_BELOW_MINIMUM_SECURITY_BUILD:violation"] },
    { name: "fail: 2019 CU13 gets no ESU", evidence: build("15.2.1258.39"), options: ESU, expected: ["EXCHANGE_END_OF_SUPPORT:violation"] },
    { name: "fail: 2016 CU21 (not in the table) with ESU", evidence: build("15.1.2308.8"), options: ESU, expected: ["EXCHANGE_CU_NOT_SERVICED:violation"] },
    { name: "pass: 2016 CU23 ESU build with ESU allowed", evidence: build("15.1.2507.66"), options: ESU, expected: [] },
    { name: "fail: 2013 even with ESU allowed", evidence: build("15.0.1497.48"), options: ESU, expected: ["EXCHANGE_END_OF_SUPPORT:violation"] },
    { name: "pass: 2019 CU14 before end of support", evidence: build("15.2.1544.39"), options: { ...NO_ESU, asOf: "2025-10-14" }, expected: [] },
    { name: "fail: 2019 CU14 the day after end of support", evidence: build("15.2.1544.39"), options: { ...NO_ESU, asOf: "2025-10-15" }, expected: ["EXCHANGE_END_OF_SUPPORT:violation"] },
    { name: "fail: 2016 CU22 in support but no longer serviced", evidence: build("15.1.2375.37"), options: { ...NO_ESU, asOf: "2025-01-01" }, expected: ["EXCHANGE_CU_NOT_SERVICED:violation"] },
    { name: "unknown: SE RTM by CU only", evidence: { source: "ExchInstall Path", product: "SE", cu: "RTM" }, options: NO_ESU, expected: ["EXCHANGE_SU_LEVEL_UNKNOWN:indeterminate"] },
    { name: "fail: 2019 CU15 by CU only, out of support", evidence: { source: "ExchInstall Path", product: "2019", cu: "CU15" }, options: NO_ESU, expected: ["EXCHANGE_END_OF_SUPPORT:violation"] },
    { name: "unknown: 2019 CU15 by CU only, ESU allowed", evidence: { source: "ExchInstall Path", product: "2019", cu: "CU15" }, options: ESU, expected: ["EXCHANGE_SU_LEVEL_UNKNOWN:indeterminate"] },
    { name: "fail: 2019 CU11 by CU only, ESU allowed", evidence: { source: "ExchInstall Path", product: "2019", cu: "CU11" }, options: ESU, expected: ["EXCHANGE_CU_NOT_SERVICED:violation"] },
    { name: "unknown: SE CU1 by CU only (newer than the table)", evidence: { source: "ExchInstall Path", product: "SE", cu: "CU1" }, options: NO_ESU, expected: ["EXCHANGE_BUILD_NEWER_THAN_TABLE:indeterminate"] },
    { name: "fail: 2013 by product only", evidence: { source: "setup arguments", product: "2013" }, options: ESU, expected: ["EXCHANGE_END_OF_SUPPORT:violation"] },
    { name: "unknown: SE by product only", evidence: { source: "setup arguments", product: "SE" }, options: NO_ESU, expected: ["EXCHANGE_BUILD_UNKNOWN:indeterminate"] },
    { name: "unknown: a build that is not a build number", evidence: build("latest-and-greatest"), options: NO_ESU, expected: ["EXCHANGE_BUILD_UNKNOWN:indeterminate"] },
    { name: "unknown: a build of another product", evidence: build("16.0.1.1"), options: NO_ESU, expected: ["EXCHANGE_BUILD_UNKNOWN:indeterminate"] },
    { name: "unknown: nothing readable", evidence: { source: TAG }, options: NO_ESU, expected: ["EXCHANGE_BUILD_UNKNOWN:indeterminate"] },
    { name: "unknown: evaluation date not a date", evidence: build("15.2.2562.37"), options: { ...NO_ESU, asOf: "June" }, expected: ["EVALUATION_DATE_INVALID:indeterminate"] },
  ];
  it.each(cases)("$name", ({ evidence, options, expected }) => {
    expect(codes(checkExchangeBuild(evidence, options))).toEqual(expected);
  });

  it.each([
    { name: "pass: at the configured minimum", minimum: "15.2.2562.37", expected: [] },
    { name: "fail: below the configured minimum", minimum: "15.2.2562.41", expected: ["EXCHANGE_BELOW_CONFIGURED_MINIMUM:violation"] },
    { name: "unknown: configured minimum is not a build", minimum: "newest", expected: ["EXCHANGE_MINIMUM_INVALID:indeterminate"] },
  ])("configured minimum, $name", ({ minimum, expected }) => {
    expect(codes(checkExchangeBuild(build("15.2.2562.37"), { ...NO_ESU, minimumBuilds: { SE: minimum } }))).toEqual(expected);
  });

  it("unknown: a CU without a build is reported once, configured minimum or not", () => {
    expect(codes(checkExchangeBuild({ source: "ExchInstall Path", product: "SE", cu: "RTM" }, { ...NO_ESU, minimumBuilds: { SE: "15.2.2562.41" } }))).toEqual(["EXCHANGE_SU_LEVEL_UNKNOWN:indeterminate"]);
  });

  it("states product, build, requirement and where it was declared", () => {
    const [eos] = checkExchangeBuild(build("15.2.1748.43"), { ...NO_ESU, carrier: "exchange-dsc" });
    expect(eos?.message).toBe(
      "Exchange 2019 CU15 (15.2.1748.43) is out of support since 2025-10-14; Extended Security Update builds are accepted only with allowExtendedSecurityUpdates (tag exchange-build, exchange.ps1 line 3, carrier exchange-dsc)",
    );
    expect(eos?.evidence[0]).toEqual({ path: TAG, found: "Exchange 2019 CU15 (15.2.1748.43)", expected: "a product in support", location: { file: "exchange.ps1", line: 3 }, carrier: "exchange-dsc" });
    const [below] = checkExchangeBuild(build("15.2.2562.17"), NO_ESU);
    expect(below?.message).toContain("is below the minimum security build 15.2.2562.37 for RTM");
  });

  it("never quotes a build or CU outside the vocabulary", () => {
    const findings = [...checkExchangeBuild(build("s3cr3t"), NO_ESU), ...checkExchangeBuild({ source: TAG, product: "2019", cu: "p4ss" }, ESU)];
    expect(JSON.stringify(findings)).not.toMatch(/s3cr3t|p4ss/);
    expect(describeExchange({ source: TAG, product: "2019", cu: "p4ss" })).toBe("Exchange 2019");
  });
});
