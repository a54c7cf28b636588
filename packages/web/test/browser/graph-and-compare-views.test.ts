/**
 * The Service graph and Compare views in Chromium. The graph shows the
 * fixture's calls with counts and errors and a click on a service opens its
 * paths; Compare renders a report of `GET /api/compare` (stubbed here by
 * intercepting the request) with verdicts, significance and the hop that
 * explains the regression.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARISON } from './comparison-fixture.js';
import { NOW_MICROS, PATH_A3_E1, PATH_A5 } from './fixture-traces.js';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

describe.skipIf(!hasChromium())('Service graph and Compare views', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness({ basePath: '/jaeger' });
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('draws the services and lists each call with count, rate, errors and latency', async () => {
    const page = await ui.openPage('/graph?lookback=1h');
    const edges = page.getByRole('table', { name: /Calls between services/ });
    await edges.waitFor();
    await expect
      .poll(() => edges.getByRole('row').allInnerTexts())
      .toEqual([
        // headers with their sort marks
        expect.stringMatching(/^Caller[\s\S]*Callee[\s\S]*Calls/),
        // rates over the 146.5 s the 98 traces cover, not over the 1 h window
        expect.stringMatching(/^svc-a\tsvc-b\t30\t0\.20\/s\t0%/),
        expect.stringMatching(/^svc-a\tsvc-e\t20\t0\.14\/s\t0%\t214\.5ms/),
        expect.stringMatching(/^svc-a\tsvc-g\t20\t/),
        expect.stringMatching(/^svc-a\tsvc-h\t48\t/),
        expect.stringMatching(/^svc-b\tsvc-c\t30\t0\.20\/s\t10%/),
        expect.stringMatching(/^svc-e\tsvc-f\t20\t/),
      ]);
    await page.getByTestId('service-graph').locator('canvas').first().waitFor();
    await ui.screenshot(page, 'graph');
    await page.close();
  });

  it('opens the paths of a service clicked in the graph', async () => {
    const page = await ui.openPage('/graph?lookback=1h');
    const canvas = page.getByTestId('service-graph');
    await canvas.locator('canvas').first().waitFor();
    // where cytoscape placed svc-e, read from the instance it keeps on its container
    const point = await canvas.evaluate((el) => {
      const cy = (
        el as unknown as {
          _cyreg: {
            cy: {
              $id(id: string): { renderedPosition(): { x: number; y: number } };
            };
          };
        }
      )._cyreg.cy;
      return cy.$id('svc-e').renderedPosition();
    });
    const box = (await canvas.boundingBox())!;
    await page.mouse.click(box.x + point.x, box.y + point.y);
    await page.waitForURL(/\/paths\?service=svc-e&lookback=1h$/);
    await page.getByRole('table').waitFor();
    // the paths through svc-e: not a3's other branch to svc-g
    await expect
      .poll(() => page.getByRole('rowheader').allInnerTexts())
      .toEqual([PATH_A3_E1]);
    await page.close();
  });

  it('shows per-path changes, significance and the responsible hop of a comparison', async () => {
    const page = await ui.openPage('/compare');
    let requested = '';
    await page.route('**/jaeger/api/compare?**', async (route) => {
      requested = route.request().url();
      await route.fulfill({ json: COMPARISON });
    });
    await page.getByRole('radio', { name: 'Two versions' }).check();
    // the values offered are the ones the window's spans carry
    await page
      .getByRole('combobox', { name: 'Baseline value' })
      .selectOption('v1');
    await page
      .getByRole('combobox', { name: 'Candidate value' })
      .selectOption('v2');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const table = page.getByRole('table', { name: /compared with/ });
    await table.waitFor();
    expect(new URL(requested).searchParams.get('by')).toBe('service.version');
    expect(page.url()).toMatch(
      /mode=versions.*baseline=v1&candidate=v2&lookback=1h/,
    );
    const regressed = table.getByRole('row').filter({ hasText: PATH_A3_E1 });
    await expect
      .poll(() => regressed.innerText())
      .toMatch(
        /regressed\s+★\s+significant,\s+p < 0\.001\s+\+91\.7%\s+120\.0ms → 230\.0ms/,
      );
    await expect
      .poll(() => regressed.innerText())
      .toContain('svc-e:e1 self +110%');
    await expect
      .poll(() =>
        table.getByRole('row').filter({ hasText: 'svc-a:a9' }).innerText(),
      )
      .toContain('appeared');
    await ui.screenshot(page, 'compare');
    await page.close();
  });

  it('loads a shared link comparing two versions from the collector’s own /api/compare', async () => {
    const window = `start=${NOW_MICROS - 3_600_000_000}&end=${NOW_MICROS}`;
    const page = await ui.openPage(
      `/compare?mode=versions&by=service.version&baseline=v1&candidate=v2&${window}`,
    );
    const table = page.getByRole('table', { name: /compared with/ });
    await table.waitFor();
    await expect
      .poll(() =>
        page.getByRole('list', { name: 'Paths by verdict' }).innerText(),
      )
      .toContain('1 regressed');
    const row = table.getByRole('row').filter({ hasText: PATH_A5 });
    await expect.poll(() => row.innerText()).toMatch(/regressed\s+★/);
    await expect
      .poll(() => row.getByRole('cell').nth(7).innerText())
      .toMatch(/^svc-h:h1 /);
    await ui.screenshot(page, 'compare-versions');
    await page.close();
  });

  it('says which side is empty instead of listing every path as appeared', async () => {
    const hour = 3_600_000_000;
    const page = await ui.openPage(
      `/compare?mode=windows&baselineStart=${NOW_MICROS - 3 * hour}&baselineEnd=${NOW_MICROS - 2 * hour}&candidateStart=${NOW_MICROS - hour}&candidateEnd=${NOW_MICROS}`,
    );
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: 'holds no traces' })
          .innerText(),
      )
      .toMatch(/^The baseline holds no traces/);
    expect(
      await page.getByRole('table', { name: /compared with/ }).count(),
    ).toBe(0);
    await page.close();
  });
});
