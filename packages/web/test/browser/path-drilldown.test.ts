/**
 * Path detail's drill-downs in Chromium: find the requests of a path slower
 * than X, with errors, or by one hop's time; a histogram bar lists its
 * requests; the breakdown by service.version on the fixture's two versions.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANOMALOUS_TRACE_ID,
  PATH_A1,
  PATH_A3_E1,
  PATH_A5,
  traceIdOf,
} from './fixture-traces.js';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

const detail = (path: string, query = ''): string =>
  `/path/${encodeURIComponent(path)}?lookback=1h${query}`;

describe.skipIf(!hasChromium())('Path detail drill-downs', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  const listedIds = (page: Page) =>
    page
      .getByRole('table', { name: /Requests of the path/ })
      .getByRole('rowheader')
      .allInnerTexts();

  it('finds the requests slower than a duration, and says how many match', async () => {
    const page = await ui.openPage(detail(PATH_A3_E1));
    const form = page.getByRole('form', { name: 'Which requests to list' });
    await form.getByRole('textbox', { name: 'Slower than' }).fill('1s');
    await form.getByRole('button', { name: 'Find requests' }).click();
    await page.waitForURL(/minDuration=1s/);
    await expect
      .poll(() => page.getByTestId('requests-summary').innerText())
      .toBe('1 request matches');
    await expect.poll(() => listedIds(page)).toEqual([ANOMALOUS_TRACE_ID]);
    await page.getByTestId('requests-scatter').locator('svg').waitFor();
    await page.close();
  });

  it('finds the requests with errors, and those where one hop was slow', async () => {
    const page = await ui.openPage(detail(PATH_A1, '&errors=true'));
    // a1's c1 fails in requests 0, 10 and 20
    await expect
      .poll(async () => (await listedIds(page)).sort())
      .toEqual([traceIdOf(2000), traceIdOf(2010), traceIdOf(2020)]);
    await page.goto(
      `${ui.origin}${detail(PATH_A3_E1, '&position=1&minDuration=220ms')}`,
    );
    // e1 lasts 205 + i ms: requests 15…19 reach 220 ms
    await expect
      .poll(() => page.getByTestId('requests-summary').innerText())
      .toBe('5 requests match · measured at svc-e:e1');
    await expect
      .poll(async () => (await listedIds(page)).sort())
      .toEqual([1015, 1016, 1017, 1018, 1019].map(traceIdOf));
    await page.close();
  });

  it('lists the requests of a histogram bar clicked', async () => {
    const page = await ui.openPage(detail(PATH_A3_E1));
    const histogram = page.getByTestId('latency-histogram');
    await histogram.locator('svg').waitFor();
    await page.waitForTimeout(300);
    // the rightmost bar holds the 2 s anomaly alone
    const bars = histogram.locator('svg path[fill="#6d8fbf"]');
    const count = await bars.count();
    await bars.nth(count - 1).click();
    await page.waitForURL(/minDuration=.*&maxDuration=/);
    await expect.poll(() => listedIds(page)).toEqual([ANOMALOUS_TRACE_ID]);
    await page.close();
  });

  it('breaks a path down by service.version, offering the attributes its hops carry', async () => {
    const page = await ui.openPage(detail(PATH_A5));
    const split = page.getByRole('combobox', { name: 'Split by' });
    // the fixture's two versions make service.version the first choice
    await expect.poll(() => split.inputValue()).toBe('service.version');
    const options = await split.locator('option').allInnerTexts();
    expect(options[0]).toBe('service.version (resource, 2 values)');
    expect(options).toContain('http.route (span, 1 value)');
    const table = page.getByRole('table', { name: /by service.version/ });
    await expect
      .poll(() => table.getByRole('row').allInnerTexts())
      .toEqual([
        expect.stringMatching(/^service\.version/),
        // a5 = h1 + 4 ms: 44 … 55.5 ms for v1, 94 … 105.5 ms for v2
        expect.stringMatching(/^v1\t24 \(50%\)\t0%\t49\.8ms\t/),
        expect.stringMatching(/^v2\t24 \(50%\)\t0%\t99\.8ms\t/),
      ]);
    await expect
      .poll(() => page.getByTestId('breakdown-summary').innerText())
      .toMatch(/^48 requests by service\.version · compare the two largest/);
    await ui.screenshot(page, 'breakdown');
    // the two groups open Compare's two-versions form
    await page
      .getByRole('link', { name: 'compare the two largest groups' })
      .click();
    await page.waitForURL(
      /\/compare\?mode=versions&by=service.version&baseline=v1&candidate=v2&lookback=1h/,
    );
    await page.close();
  });

  it('breaks a path down as one hop sees it, the choice kept in the URL', async () => {
    const page = await ui.openPage(
      detail(PATH_A5, '&by=http.route&byPosition=1'),
    );
    const table = page.getByRole('table', { name: /by http.route/ });
    await expect
      .poll(() => table.getByRole('row').allInnerTexts())
      .toEqual([
        expect.stringMatching(/^http\.route/),
        expect.stringMatching(/^\/h1\t48 \(100%\)/),
      ]);
    await expect
      .poll(() => page.getByTestId('breakdown-summary').innerText())
      .toContain('on svc-h:h1');
    await page.close();
  });
});
