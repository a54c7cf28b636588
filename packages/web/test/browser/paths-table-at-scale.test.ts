/**
 * The Paths table with answers larger than the fixture's, rewritten in
 * flight: at 1280×800 with the longest flags a path can carry (both
 * "incomplete" and "N anomalies") and showcase-long path keys, every column,
 * Flags included, fits without horizontal scrolling; with hundreds of paths,
 * the first ones are listed at once and the rest on request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AnalysisReport } from '../../src/api/api-types.js';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

const LONG_KEY_SUFFIX =
  ' > inventory-service:GET /api/v1/inventory/reservations > pricing-service:POST /api/v1/quotes';

function enlargeFlags(report: AnalysisReport): AnalysisReport {
  return {
    ...report,
    paths: (report.paths ?? []).map((p) => ({
      ...p,
      key: `${p.key}${LONG_KEY_SUFFIX}`,
      incomplete: 1234,
      anomalies: { rule: 'robust', detected: 12_345, unlisted: 0, items: [] },
    })),
  };
}

function multiplyPaths(report: AnalysisReport, count: number): AnalysisReport {
  const paths = report.paths ?? [];
  return {
    ...report,
    paths: Array.from({ length: count }, (_, i) => ({
      ...paths[i % paths.length]!,
      key: `${paths[i % paths.length]!.key} #${i}`,
    })),
  };
}

async function rewritePaths(
  page: Page,
  rewrite: (report: AnalysisReport) => AnalysisReport,
): Promise<void> {
  await page.route(/\/api\/paths\?/, async (route) => {
    const response = await route.fetch();
    const report = (await response.json()) as AnalysisReport;
    await route.fulfill({ response, json: rewrite(report) });
  });
}

describe.skipIf(!hasChromium())('Paths table at scale', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('fits the Flags column at 1280 px when a path is incomplete and has anomalies', async () => {
    const page = await ui.openPage('/trace');
    await rewritePaths(page, enlargeFlags);
    await page.goto(`${ui.origin}/paths?lookback=1h`);
    const table = page.getByRole('table');
    await table.waitFor();
    const flags = table.locator('td.flags').first();
    await expect
      .poll(() => flags.innerText())
      .toMatch(/incomplete\s+12,345 anomalies/);
    await ui.screenshot(page, 'paths-flags');
    const fit = await page.evaluate(() => {
      const scroller = document.querySelector('.table-scroll')!;
      const box = scroller.getBoundingClientRect();
      const badges = [...document.querySelectorAll('td.flags .badge')].map(
        (b) => b.getBoundingClientRect().right,
      );
      return {
        overflow: scroller.scrollWidth - scroller.clientWidth,
        viewport: document.documentElement.scrollWidth - window.innerWidth,
        rightmostBadge: Math.max(...badges),
        right: box.right,
      };
    });
    expect(fit.overflow).toBeLessThanOrEqual(0);
    expect(fit.viewport).toBeLessThanOrEqual(0);
    expect(fit.rightmostBadge).toBeLessThanOrEqual(fit.right);
    await expect
      .poll(() => flags.getByText('incomplete').getAttribute('title'))
      .toBe('1,234 requests are missing an uninstrumented hop');
    await page.close();
  });

  it('lists the first 200 of 500 paths at once and the rest on request', async () => {
    const page = await ui.openPage('/trace');
    await rewritePaths(page, (report) => multiplyPaths(report, 500));
    await page.goto(`${ui.origin}/paths?lookback=1h`);
    const table = page.getByRole('table');
    await table.waitFor();
    await expect.poll(() => table.getByRole('rowheader').count()).toBe(200);
    await expect
      .poll(() => page.locator('.summary').innerText())
      .toContain('500 paths · first 200 listed');
    await page.getByRole('button', { name: 'Show all 500 paths' }).click();
    await expect.poll(() => table.getByRole('rowheader').count()).toBe(500);
    await expect
      .poll(() => page.getByRole('button', { name: /Show all/ }).count())
      .toBe(0);
    await page.close();
  });
});
