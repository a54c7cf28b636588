/**
 * A Compare that agrees with itself, in Chromium: a row's verdict, colours
 * and significance star never disagree — an improvement is drawn green even
 * where one percentile rose, a significant change below the minimum effect
 * gets no star — path names open Path detail, each path overlays both
 * sides' latency distributions, and dates read one way throughout.
 */
import type { ComparisonReport } from '@pathprof/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARISON } from './comparison-fixture.js';
import { NOW_MICROS, PATH_A5 } from './fixture-traces.js';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

const [REGRESSED, UNCHANGED, APPEARED] = COMPARISON.paths as [
  ComparisonReport['paths'][number],
  ComparisonReport['paths'][number],
  ComparisonReport['paths'][number],
];

/** /a3 improved (p50 halved, p99 up 3%), /a1 significant but below the minimum change. */
const MIXED: ComparisonReport = {
  ...COMPARISON,
  summary: { ...COMPARISON.summary, regressed: 0, improved: 1 },
  paths: [
    {
      ...REGRESSED,
      verdict: 'improved',
      p50Micros: {
        baseline: 230_000,
        candidate: 120_000,
        delta: -110_000,
        relative: -0.478,
      },
      p99Micros: {
        baseline: 1_000_000,
        candidate: 1_030_000,
        delta: 30_000,
        relative: 0.03,
      },
      responsibleHop: undefined,
    },
    {
      ...UNCHANGED,
      p50Micros: {
        baseline: 21_400,
        candidate: 22_000,
        delta: 600,
        relative: 0.028,
      },
      test: { ...UNCHANGED.test!, pValue: 0.004, significant: true },
    },
    APPEARED,
  ],
};

describe.skipIf(!hasChromium())('Compare agrees with itself', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('never draws an improvement as a regression, nor stars a change below the minimum', async () => {
    const page = await ui.openPage('/');
    await page.route('**/api/compare?**', (route) =>
      route.fulfill({ json: MIXED }),
    );
    await page.route('**/api/compare/distributions?**', (route) =>
      route.fulfill({ json: { paths: [] } }),
    );
    await page.goto(
      `${ui.origin}/compare?mode=versions&by=service.version&baseline=v1&candidate=v2&lookback=1h`,
    );
    const table = page.getByRole('table', { name: /compared with/ });
    await table.waitFor();
    const improved = table.locator('tr[data-verdict="improved"]');
    // green where the change points the verdict's way, neutral elsewhere, never red
    expect(await improved.locator('.bad').count()).toBe(0);
    expect(
      await improved
        .locator('td[data-tone]')
        .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-tone'))),
    ).toEqual(['better', 'neutral', 'neutral', 'neutral', 'neutral']);
    await expect
      .poll(() => improved.locator('.significant').getAttribute('class'))
      .toBe('significant good');
    const unchanged = table.locator('tr[data-verdict="unchanged"]');
    expect(await unchanged.locator('.significant').count()).toBe(0);
    expect(await unchanged.locator('.bad, .good').count()).toBe(0);
    await expect
      .poll(() => unchanged.getByRole('cell').nth(1).innerText())
      .toBe('p = 0.004 · change too small');
    await page.close();
  });

  it('links each path to Path detail and overlays both sides’ distributions', async () => {
    const page = await ui.openPage(
      `/compare?mode=versions&by=service.version&baseline=v1&candidate=v2&lookback=1h`,
    );
    const table = page.getByRole('table', { name: /compared with/ });
    const row = table.getByRole('row').filter({ hasText: PATH_A5 });
    await expect
      .poll(() => row.getByTestId('overlaid-distribution').count())
      .toBe(1);
    // v1's a5 is ~50 ms, v2's ~100 ms: medians in different buckets
    await expect
      .poll(() =>
        row.getByTestId('overlaid-distribution').getAttribute('aria-label'),
      )
      .toMatch(
        /baseline 24 requests, median near 4\d\.\dms · candidate 24, median near 9\d\.\dms$/,
      );
    await row.getByRole('link', { name: PATH_A5 }).click();
    await page.waitForURL(
      /\/path\/svc-a%3Aa5%20%3E%20svc-h%3Ah1\?lookback=1h$/,
    );
    await page.close();
  });

  it('shows the dates of two windows one way, in the form and in the summary', async () => {
    // the fixture's traces start 10 to 6 minutes before now
    const minute = 60_000_000;
    const page = await ui.openPage(
      `/compare?mode=windows&baselineStart=${NOW_MICROS - 10 * minute}&baselineEnd=${NOW_MICROS - 8 * minute}&candidateStart=${NOW_MICROS - 8 * minute}&candidateEnd=${NOW_MICROS}`,
    );
    const stamp = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
    const inputs = page.getByRole('textbox', { name: /^(From|To)$/ });
    await expect.poll(() => inputs.count()).toBe(4);
    for (const value of await inputs.evaluateAll((els) =>
      els.map((e) => (e as HTMLInputElement).value),
    )) {
      expect(value).toMatch(stamp);
    }
    const summary = page.locator('.summary').first();
    await expect
      .poll(() => summary.innerText())
      .toMatch(
        /^Baseline \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} – \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \(/,
      );
    await page.close();
  });

  it('keeps a version comparison relative to now when “the last hour” is chosen', async () => {
    const page = await ui.openPage('/compare');
    await page.getByRole('radio', { name: 'Two versions' }).check();
    const baseline = page.getByRole('combobox', { name: 'Baseline value' });
    // the values offered are those the window holds, with their span counts
    await expect
      .poll(() => baseline.locator('option').allInnerTexts())
      .toEqual(['choose a value', 'v1 (96 spans)', 'v2 (96 spans)']);
    await baseline.selectOption('v1');
    await page
      .getByRole('combobox', { name: 'Candidate value' })
      .selectOption('v2');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.waitForURL(/baseline=v1&candidate=v2&lookback=1h$/);
    await expect
      .poll(() =>
        page.getByRole('list', { name: 'Paths by verdict' }).innerText(),
      )
      .toContain('1 regressed');
    await page.close();
  });
});
