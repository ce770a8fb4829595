import { describe, expect, it } from "vitest";
import { exchangeEvidenceFrom } from "../../src/powershell/exchange.js";
import { extractScript } from "../../src/powershell/index.js";
import { fixture } from "./helpers.js";

describe("Exchange install evidence", () => {
  it("reads ExchInstall, a Setup.exe upgrade and Start-Process; ignores /PrepareAD", async () => {
    const r = await extractScript(fixture("exchange.ps1"), { file: "exchange.ps1" });
    expect(r.errors).toEqual([]);
    expect(r.exchange).toEqual([
      { source: "ExchInstall Path", product: "2019", cu: "CU15", build: "15.2.1748.10", location: { file: "exchange.ps1", line: 6 } },
      { source: "Setup.exe arguments", product: "2019", cu: "CU14", build: "15.2.1544.4", location: { file: "exchange.ps1", line: 13 } },
      { source: "Start-Process Setup.exe", product: "2016", cu: "CU23", build: "15.1.2507.6", location: { file: "exchange.ps1", line: 14 } },
    ]);
    expect(r.nodeNames).toEqual([]);
  });

  it.each([
    ["\\\\share\\ExchangeServer2019-x64-CU15\\Setup.exe", { product: "2019", cu: "CU15", build: "15.2.1748.10" }],
    ["\\\\share\\Exchange2016-x64-cu23\\setup.exe", { product: "2016", cu: "CU23", build: "15.1.2507.6" }],
    ["D:\\ExchangeServerSE-x64\\Setup.exe", { product: "SE", cu: "RTM", build: "15.2.2562.17" }],
    ["mu_exchange_server_2019_cumulative_update_14_x64_dvd.iso", { product: "2019", cu: "CU14", build: "15.2.1544.4" }],
    ["\\\\share\\Exchange\\15.2.1748.43\\Setup.exe", { product: "2019", cu: "CU15", build: "15.2.1748.43" }],
    ["\\\\share\\ExchangeServer2019-CU14-15.2.1748.43\\Setup.exe", { product: "2019", cu: "CU15", build: "15.2.1748.43" }],
    ["\\\\share\\CU23\\Setup.exe", { cu: "CU23" }],
    ["\\\\share\\ExchangeServer2019-x64-CU12\\Setup.exe", { product: "2019", cu: "CU12" }],
    ["E:\\Setup.exe", {}],
  ])("%s reveals %j", (path, expected) => {
    expect(exchangeEvidenceFrom("ExchInstall Path", path)).toEqual({ source: "ExchInstall Path", ...expected });
  });

  it.each([
    [".\\Setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF", 1],
    ["setup /mode:install /roles:Mailbox", 1],
    ["param($SetupPath)\n& $SetupPath /Mode:Install /Role:Mailbox", 1],
    ["Start-Process -FilePath 'E:\\Setup.exe' -ArgumentList '/Mode:Install /Roles:Mailbox /IAcceptExchangeServerLicenseTerms' -Wait", 1],
    ["E:\\Setup.exe /PrepareSchema /IAcceptExchangeServerLicenseTerms", 0],
    ["Start-Process -FilePath notepad.exe -ArgumentList '/mode:install'", 0],
  ])("%s gives %d evidence", async (script, count) => {
    const r = await extractScript(script);
    expect(r.exchange).toHaveLength(count);
  });
});
