/**
 * The finish, in Chromium: every view has its own page title, an unknown
 * address shows the UI's own page, the favicon loads, the service graph is
 * coloured by error rate and filtered to the paths through a service, tables
 * sort on a click, and the latency-spread strip has a tooltip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANOMALOUS_TRACE_ID, PATH_A1, PATH_A3_E1 } from './fixture-traces.js';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

describe.skipIf(!hasChromium())('Finish', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('gives every view its own page title', async () => {
    const page = await ui.openPage('/paths');
    for (const [url, title] of [
      ['/paths?lookback=1h', 'Paths · pathprof'],
      ['/paths?groupBy=shape', 'Request shapes · pathprof'],
      [`/path/${encodeURIComponent(PATH_A1)}`, `Path ${PATH_A1} · pathprof`],
      ['/search', 'Search · pathprof'],
      ['/graph', 'Service graph · pathprof'],
      ['/compare', 'Compare · pathprof'],
      ['/trace', 'Open a trace · pathprof'],
      [
        `/trace/${ANOMALOUS_TRACE_ID}`,
        `Trace ${ANOMALOUS_TRACE_ID} · pathprof`,
      ],
      ['/trace-diff', 'Trace diff · pathprof'],
    ] as const) {
      await page.goto(`${ui.origin}${url}`);
      await expect.poll(() => page.title()).toBe(title);
    }
    await page.close();
  });

  it('shows its own page, not JSON, for an unknown address, and loads the favicon', async () => {
    const page = await ui.openPage('/paths');
    const answer = await page.goto(`${ui.origin}/no/such/view`);
    expect(answer!.status()).toBe(404);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText())
      .toBe('No such page');
    await expect.poll(() => page.title()).toBe('No such page · pathprof');
    // the top bar is there to go on from
    expect(await page.getByRole('link', { name: 'Paths' }).count()).toBe(1);
    const icon = await page
      .locator('link[rel="icon"]')
      .evaluate((l) => (l as HTMLLinkElement).href);
    const iconAnswer = await page.request.get(icon);
    expect(iconAnswer.status()).toBe(200);
    expect(iconAnswer.headers()['content-type']).toBe('image/svg+xml');
    expect((await page.request.get(`${ui.origin}/favicon.ico`)).status()).toBe(
      200,
    );
    await page.close();
  });

  it('colours the service graph by error rate and keeps it to the paths through a service', async () => {
    const page = await ui.openPage('/graph?lookback=1h');
    const canvas = page.getByTestId('service-graph');
    await canvas.locator('canvas').first().waitFor();
    const colours = await canvas.evaluate((el) => {
      const cy = (
        el as unknown as {
          _cyreg: {
            cy: {
              $id(id: string): { style(name: string): string };
            };
          };
        }
      )._cyreg.cy;
      return {
        healthy: cy.$id('svc-e').style('border-color'),
        failing: cy.$id('svc-c').style('border-color'),
        healthyEdge: cy.$id('svc-a->svc-e').style('line-color'),
        failingEdge: cy.$id('svc-b->svc-c').style('line-color'),
      };
    });
    // svc-c fails 10% of its calls: half way to the full red of 20%
    expect(colours.healthy).toBe('rgb(37, 95, 168)');
    expect(colours.failing).not.toBe(colours.healthy);
    expect(colours.healthyEdge).toBe('rgb(141, 150, 163)');
    expect(colours.failingEdge).not.toBe(colours.healthyEdge);
    const red = (c: string): number => Number(/rgb\((\d+)/.exec(c)![1]);
    expect(red(colours.failing)).toBeGreaterThan(red(colours.healthy));
    // through svc-g: only svc-a → svc-g, not a3's other branch
    await page.goto(`${ui.origin}/graph?lookback=1h&service=svc-g`);
    const edges = page.getByRole('table', { name: /Calls between services/ });
    await expect.poll(() => edges.getByRole('rowheader').count()).toBe(1);
    expect(await edges.getByRole('row').nth(1).innerText()).toMatch(
      /^svc-a\tsvc-g\t20\t/,
    );
    await page.close();
  });

  it('sorts tables on a click: the calls between services, the hops, the anomalies', async () => {
    const page = await ui.openPage('/graph?lookback=1h');
    const edges = page.getByRole('table', { name: /Calls between services/ });
    await edges.getByRole('rowheader').first().waitFor();
    await edges.getByRole('button', { name: 'Calls' }).click();
    await expect
      .poll(async () =>
        (await edges.getByRole('row').allInnerTexts())
          .slice(1)
          .map((r) => Number(r.split('\t')[2])),
      )
      .toEqual([48, 30, 30, 20, 20, 20]);
    expect(
      await edges
        .getByRole('columnheader', { name: /Calls/ })
        .getAttribute('aria-sort'),
    ).toBe('descending');
    await page.goto(
      `${ui.origin}/path/${encodeURIComponent(PATH_A3_E1)}?lookback=1h`,
    );
    const hops = page.getByRole('table', { name: /Hops of the path/ });
    await hops.getByRole('rowheader').first().waitFor();
    await hops.getByRole('button', { name: 'Self p50' }).click();
    await expect
      .poll(() => hops.getByRole('rowheader').allInnerTexts())
      .toEqual(['svc-e:e1', 'svc-a:a3', 'svc-f:f1']);
    await page.close();
  });

  it('explains the latency-spread strip in a tooltip on hover and on focus', async () => {
    const page = await ui.openPage('/paths?lookback=1h');
    const row = page.getByRole('row').filter({ hasText: PATH_A1 });
    const strip = row.locator('.strip-cell .tip-anchor');
    await strip.waitFor();
    const tip = strip.getByRole('tooltip');
    expect(await tip.isVisible()).toBe(false);
    await strip.hover();
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.innerText()).toMatch(
      /^min 20\.0ms · p50 21\.4ms · p95 22\.8ms · p99 22\.9ms · max 22\.9ms$/,
    );
    await page.mouse.move(0, 0);
    await strip.focus();
    await expect.poll(() => tip.isVisible()).toBe(true);
    await page.close();
  });
});
