/**
 * Path detail in Chromium: reached from the Paths list, it shows the hops in
 * call order with the dominant one called out, the latency histogram with
 * percentile markers, and the anomalous trace with its responsible hop,
 * which opens the Trace view. Deep links load directly.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANOMALOUS_TRACE_ID,
  PATH_A3_E1,
  PATH_A3_G1,
} from './fixture-traces.js';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

/** The p50/p95/p99 labels drawn in the chart's SVG do not overlap. */
async function expectLabelsApart(page: Page): Promise<void> {
  const boxes = await page
    .getByTestId('latency-histogram')
    .locator('svg text')
    .filter({ hasText: /^p(50|95|99)$/ })
    .evaluateAll((nodes) =>
      nodes.map((n) => {
        const r = n.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }),
    );
  expect(boxes).toHaveLength(3);
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      const apart =
        a.right <= b.left ||
        b.right <= a.left ||
        a.bottom <= b.top ||
        b.bottom <= a.top;
      expect(apart).toBe(true);
    }),
  );
}

describe.skipIf(!hasChromium())('Path detail view', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('opens from the Paths list and shows that svc-e:e1 waiting dominates /a3', async () => {
    const page = await ui.openPage('/paths?lookback=1h');
    await page.getByRole('link', { name: PATH_A3_E1, exact: true }).click();
    await page.waitForURL(
      /\/path\/svc-a%3Aa3%20%3E%20svc-e%3Ae1%20%3E%20svc-f%3Af1\?lookback=1h$/,
    );
    const callout = await page.getByTestId('dominant-hop').innerText();
    expect(callout).toMatch(
      /^svc-e:e1 takes \d+% of the critical path \(p50\): self 211\.5ms \(CPU 5\.00ms, off-CPU 206\.5ms\)\.$/,
    );
    const hops = page.getByRole('table', { name: /Hops of the path/ });
    await expect
      .poll(() => hops.getByRole('rowheader').allInnerTexts())
      .toEqual(['svc-a:a3', 'svc-e:e1', 'svc-f:f1']);
    // the histogram is drawn with its percentile markers and their values
    await page.getByTestId('latency-histogram').locator('svg').waitFor();
    const chartText = await page.getByTestId('latency-histogram').innerText();
    expect(chartText).toMatch(/p50[\s\S]*p95[\s\S]*p99/);
    await expect
      .poll(() =>
        page
          .getByTestId('histogram-legend')
          .getByRole('listitem')
          .allInnerTexts(),
      )
      .toEqual([
        expect.stringMatching(/^p50 229\.5ms$/),
        expect.stringMatching(/^p95 /),
        expect.stringMatching(/^p99 /),
      ]);
    await expectLabelsApart(page);
    await page.getByTestId('hop-breakdown').locator('svg').waitFor();
    await ui.screenshot(page, 'path-detail');
    await page.close();
  });

  it('names the sibling branch a fan-out path waits on (svc-a:a3 > svc-g:g1)', async () => {
    const page = await ui.openPage(
      `/path/${encodeURIComponent(PATH_A3_G1)}?lookback=1h`,
    );
    await expect
      .poll(() => page.getByTestId('dominant-hop').innerText())
      .toMatch(
        /^svc-e:e1 in another branch holds these requests up: svc-a:a3 waits 2\d\d\.\dms \(p50\) on it\. This path's own branch takes \d+\.\d+ms of the request's 2\d\d\.\dms\.$/,
      );
    await page.close();
  });

  it('lists the anomalous trace with its responsible hop and opens it', async () => {
    const page = await ui.openPage(`/path/${encodeURIComponent(PATH_A3_E1)}`);
    const anomalies = page.getByRole('table', { name: /Abnormal requests/ });
    const row = anomalies
      .getByRole('row')
      .filter({ hasText: ANOMALOUS_TRACE_ID });
    await expect
      .poll(() => row.innerText())
      .toMatch(
        new RegExp(
          `^${ANOMALOUS_TRACE_ID}\\s+2\\.02s\\s+duration 2\\.02s vs median 229\\.5ms\\s+svc-e:e1`,
        ),
      );
    // one row per trace
    await expect.poll(() => anomalies.getByRole('row').count()).toBe(2);
    await row.getByRole('link', { name: ANOMALOUS_TRACE_ID }).click();
    await page.waitForURL(
      new RegExp(`/trace/${ANOMALOUS_TRACE_ID}\\?from=.*&hop=svc-e%3Ae1&why=`),
    );
    // the Trace view says why it was opened and selects the responsible hop
    await expect
      .poll(() => page.getByTestId('trace-context').innerText())
      .toMatch(
        new RegExp(
          `^An anomalous request of the path ${PATH_A3_E1}: duration 2\\.02s \\(median .*, threshold .*\\) — robust rule\\. The hop most responsible, svc-e:e1, is selected\\.$`,
        ),
      );
    await expect
      .poll(() => page.locator('.span-details').innerText())
      .toContain('svc-e');
    await page.getByTestId('trace-context').getByRole('link').click();
    await page.waitForURL(/\/path\/svc-a%3Aa3/);
    await page.close();
  });

  it('explains a path that the window does not hold', async () => {
    const page = await ui.openPage('/path/svc-x%3Anothing?lookback=1h');
    await expect
      .poll(() =>
        page.getByRole('status').filter({ hasText: 'no requests' }).innerText(),
      )
      .toContain('This path has no requests in the window');
    await page.close();
  });
});
