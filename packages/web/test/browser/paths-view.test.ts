/**
 * The Paths view in Chromium against a collector holding the fixture traces:
 * the paths with their numbers, sorting, filtering, grouping, and links into
 * Path detail; state survives a reload because it lives in the URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';
import { PATH_A1, PATH_A3_E1, PATH_A3_G1 } from './fixture-traces.js';

describe.skipIf(!hasChromium())('Paths view', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('lists every path of the window with count, errors, percentiles, CPU and memory', async () => {
    const page = await ui.openPage('/');
    const table = page.getByRole('table');
    await table.waitFor();
    const rowOf = (key: string) =>
      table.getByRole('row').filter({
        has: page.getByRole('rowheader', { name: key, exact: true }),
      });
    await expect
      .poll(() => rowOf(PATH_A3_E1).innerText())
      .toMatch(
        /^svc-a:a3 > svc-e:e1 > svc-f:f1\s+20\s+0\.14\/s\s+0%\s+229\.5ms/,
      );
    await expect
      .poll(() => rowOf(PATH_A1).innerText())
      .toMatch(/30\s+0\.20\/s\s+10%\s+21\.4ms/);
    await expect
      .poll(() => rowOf(PATH_A3_G1).innerText())
      .toMatch(/\d+ anomal(y|ies)/);
    // the harness indexed the fixture's closed minutes: most traces come
    // from the path index, with the same numbers as above
    await expect
      .poll(() => page.locator('p.summary').innerText())
      .toMatch(/^98 traces · 4 paths · \d+ from the path index$/);
    // sorted by p95, slowest first
    const first = await table.getByRole('rowheader').first().innerText();
    expect([PATH_A3_E1, PATH_A3_G1]).toContain(first);
    await expect
      .poll(() =>
        page
          .getByRole('columnheader', { name: /p95/ })
          .getAttribute('aria-sort'),
      )
      .toBe('descending');
    await ui.screenshot(page, 'paths');
    await page.close();
  });

  it('filters and sorts through the URL, and keeps them on reload', async () => {
    const page = await ui.openPage('/paths?lookback=1h');
    await page.getByRole('table').waitFor();
    await page.getByRole('searchbox', { name: 'Filter' }).fill('svc-b');
    await page.getByRole('button', { name: /Count/ }).click();
    await page.waitForURL(/sort=count/);
    expect(page.url()).toContain('q=svc-b');
    await page.reload();
    await page.getByRole('table').waitFor();
    await expect
      .poll(() => page.getByRole('rowheader').allInnerTexts())
      .toEqual([PATH_A1]);
    await expect
      .poll(() => page.getByRole('searchbox', { name: 'Filter' }).inputValue())
      .toBe('svc-b');
    await page.close();
  });

  it('groups by shape, listing the paths of each shape', async () => {
    const page = await ui.openPage('/paths?groupBy=shape');
    await page.getByRole('table').waitFor();
    const text = await page.getByRole('table').innerText();
    expect(text).toContain(PATH_A3_G1);
    expect(text).toContain('Shape');
    // a header row and one shape per request type (/a1, /a3, /a5)
    await expect.poll(() => page.getByRole('row').count()).toBe(4);
    await page.close();
  });

  it('shows the designed empty state for a window without traces', async () => {
    const page = await ui.openPage('/paths?lookback=5m');
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: 'No traces in this window' })
          .innerText(),
      )
      .toContain('No traces');
    await page.close();
  });
});
