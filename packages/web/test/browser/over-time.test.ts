/**
 * Over time, in Chromium: each path of the Paths table has its small chart
 * (rate bars, p95 line) with a tooltip; Path detail draws the full chart for
 * the window, and brushing a range on it narrows the window; live mode is
 * off by default, kept in the URL, and refreshes the view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW_MICROS, PATH_A1, PATH_A3_E1 } from './fixture-traces.js';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

describe.skipIf(!hasChromium())('Over time', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('draws a small chart per path on Paths, with what it shows in a tooltip', async () => {
    const page = await ui.openPage('/paths?lookback=15m');
    const table = page.getByRole('table');
    await table.waitFor();
    await expect.poll(() => page.getByTestId('path-sparkline').count()).toBe(4);
    const row = table.getByRole('row').filter({ hasText: PATH_A1 });
    const spark = row.getByTestId('path-sparkline');
    // 30 buckets of 30 s over 15 min; a1's 30 requests, 3 of them failed
    await expect
      .poll(() => spark.getAttribute('aria-label'))
      .toMatch(
        /^Requests over time: 30 buckets of 30s · rate [\d.]+\/(s|min)–[\d.]+\/s · p95 2\d\.\d+ms–2\d\.\d+ms · 3 errors$/,
      );
    expect(await spark.locator('rect.spark-error').count()).toBe(3);
    expect(await spark.locator('path.spark-line').count()).toBe(1);
    const tooltip = row.getByRole('tooltip').first();
    expect(await tooltip.isVisible()).toBe(false);
    await spark.hover();
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    expect(await tooltip.innerText()).toMatch(/^30 buckets of 30s · /);
    await ui.screenshot(page, 'paths-over-time');
    await page.close();
  });

  it('draws the path’s rate, errors and percentiles over the window on Path detail', async () => {
    const page = await ui.openPage(
      `/path/${encodeURIComponent(PATH_A3_E1)}?lookback=15m`,
    );
    const chart = page.getByTestId('over-time-chart');
    await chart.locator('svg').waitFor();
    await expect
      .poll(() => page.locator('.over-time .chart-hint').innerText())
      .toBe(
        'Buckets of 15s. Drag across the chart to zoom the window to that range.',
      );
    // the legend names the five series
    const text = await chart.innerText();
    for (const name of ['Rate', 'Error rate', 'p50', 'p95', 'p99']) {
      expect(text).toContain(name);
    }
    await page.close();
  });

  it('narrows the window to a range brushed on the chart', async () => {
    const page = await ui.openPage(
      `/path/${encodeURIComponent(PATH_A3_E1)}?lookback=15m`,
    );
    const chart = page.getByTestId('over-time-chart');
    await chart.locator('svg').waitFor();
    await page.waitForTimeout(300);
    const box = (await chart.boundingBox())!;
    // drag across the middle of the upper panel
    const y = box.y + 80;
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL(/start=\d+&end=\d+/);
    const query = new URL(page.url()).searchParams;
    const start = Number(query.get('start'));
    const end = Number(query.get('end'));
    expect(query.get('lookback')).toBeNull();
    // a part of the 15 minutes before the collector's now
    expect(start).toBeGreaterThan(NOW_MICROS - 15 * 60e6);
    expect(end).toBeLessThan(NOW_MICROS);
    expect(end - start).toBeGreaterThan(60e6);
    expect(end - start).toBeLessThan(6 * 60e6);
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Window' }).inputValue())
      .toBe('custom');
    await page.close();
  });

  it('keeps live mode off by default, in the URL when on, and refreshes while on', async () => {
    const page = await ui.openPage('/paths?lookback=15m');
    await page.getByRole('table').waitFor();
    const live = page.getByRole('checkbox', { name: 'Live' });
    expect(await live.isChecked()).toBe(false);
    let calls = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/paths') {
        calls++;
      }
    });
    await live.check();
    await page.waitForURL(/live=1/);
    // one refresh every 5 s
    await expect.poll(() => calls, { timeout: 15_000 }).toBeGreaterThan(1);
    // the table stays on screen while it refreshes
    expect(await page.getByRole('table').count()).toBe(1);
    await page.reload();
    await expect
      .poll(() => page.getByRole('checkbox', { name: 'Live' }).isChecked())
      .toBe(true);
    await page.getByRole('checkbox', { name: 'Live' }).uncheck();
    await page.waitForURL((url) => !url.search.includes('live'));
    await page.close();
  });
});
