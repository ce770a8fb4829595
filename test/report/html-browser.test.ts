import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../src/report/html.js";
import { severityRank, type ScanReport } from "../../src/report/model.js";
import { fixtureReport, hostileReport, HOSTILE_NAME, RULES_UNDER_TEST } from "./fixture.js";

/**
 * The HTML report opened in Debian's Chromium (the CI script installs it). When it cannot be
 * launched, the suite is reported skipped with the reason, never passed.
 */
const CHROMIUM = "/usr/bin/chromium";
const workDir = mkdtempSync(join(tmpdir(), "mtg-html-"));

async function launch(): Promise<{ browser?: Browser; reason?: string }> {
  try {
    // `launch` starts Chromium on a fresh temporary user-data-dir of its own, removed on close.
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
      timeout: 30_000,
    });
    return { browser };
  } catch (error) {
    return { reason: (error instanceof Error ? error.message : String(error)).split("\n")[0] };
  }
}

const { browser, reason } = await launch();

afterAll(async () => {
  await browser?.close();
  rmSync(workDir, { recursive: true, force: true });
});

interface Opened {
  readonly page: Page;
  /** Every URL the page asked for. */
  readonly requests: string[];
  readonly fileUrl: string;
  readonly dialogs: string[];
}

async function open(report: ScanReport, name: string, javaScriptEnabled = true): Promise<Opened> {
  const file = join(workDir, `${name}.html`);
  writeFileSync(file, renderHtml(report, RULES_UNDER_TEST));
  const context = await browser!.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const fileUrl = pathToFileURL(file).href;
  await page.goto(fileUrl);
  return { page, requests, fileUrl, dialogs };
}

const visibleFindings = (page: Page) => page.locator("article.finding:visible");

describe.skipIf(!browser)(`HTML report in headless Chromium${reason ? ` (skipped: Chromium cannot be launched: ${reason})` : ""}`, () => {
  const report = fixtureReport();
  const atOrAbove = (min: number): number => report.findings.filter((f) => severityRank(f.severity) >= min).length;

  it("renders every finding and loads nothing but itself", async () => {
    const { page, requests, fileUrl } = await open(report, "report");
    expect(await visibleFindings(page).count()).toBe(report.findings.length);
    await expect(page.locator("#severity-filter").isVisible()).resolves.toBe(true);
    expect(await page.locator("h2", { hasText: "Server mx02" }).isVisible()).toBe(true);
    expect(requests).toEqual([fileUrl]);
    await page.context().close();
  });

  it.each([
    ["critical", 4],
    ["high", 3],
    ["medium", 2],
    ["low", 1],
  ])("filtering at %s and above shows only those findings", async (_name, min) => {
    const { page } = await open(report, `filter-${min}`);
    await page.selectOption("#min-severity", String(min));
    const ranks = await Promise.all((await visibleFindings(page).all()).map(async (finding) => Number(await finding.getAttribute("data-rank"))));
    expect(ranks.length).toBe(atOrAbove(min));
    expect(ranks.every((r) => r >= min)).toBe(true);
    // Waivers are never filtered away.
    expect(await page.locator("table", { hasText: "Approved by" }).locator("tbody tr:visible").count()).toBe(3);
    await page.context().close();
  });

  it("hides a control group whose findings are all filtered out", async () => {
    const { page } = await open(report, "groups");
    const legacy = page.locator("section.control", { hasText: "MTG-LEGACY-PROTOCOLS" });
    expect(await legacy.isVisible()).toBe(true);
    await page.selectOption("#min-severity", "3");
    expect(await legacy.isVisible()).toBe(false);
    await page.context().close();
  });

  it("shows everything without JavaScript, and no filter that would not work", async () => {
    const { page } = await open(report, "no-js", false);
    expect(await visibleFindings(page).count()).toBe(report.findings.length);
    expect(await page.locator("#severity-filter").isVisible()).toBe(false);
    await page.context().close();
  });

  it("shows a hostile resource name as text and runs none of it", async () => {
    const { page, requests, fileUrl, dialogs } = await open(hostileReport(), "hostile");
    expect(await page.locator("h2", { hasText: `Server ${HOSTILE_NAME}` }).count()).toBe(1);
    expect(await page.evaluate("window.__pwned")).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([fileUrl]);
    await page.context().close();
  });
});
