/**
 * Trace against trace in Chromium: two known traces of /a3 aligned hop by
 * hop with the difference B − A per hop, the hop that grew named; hops of
 * one trace only are marked; the diff opens from a path's anomaly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANOMALOUS_TRACE_ID, PATH_A3_E1, traceIdOf } from './fixture-traces.js';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

describe.skipIf(!hasChromium())('Trace diff view', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('aligns the hops of two traces of one path and shows each hop’s difference', async () => {
    // A: request 0 (e1 205 ms); B: the anomaly (e1 2 s)
    const page = await ui.openPage(
      `/trace-diff?a=${traceIdOf(1000)}&b=${ANOMALOUS_TRACE_ID}`,
    );
    const table = page.getByRole('table', { name: /aligned/ });
    await expect
      .poll(() => table.getByRole('rowheader').allInnerTexts())
      .toEqual(['svc-a:a3', 'svc-e:e1', 'svc-f:f1', 'svc-g:g1']);
    const e1 = table.getByRole('row').filter({ hasText: 'svc-e:e1' });
    // duration 205 ms → 2.00 s; self 202 ms → 1.997 s; CPU 5 ms on both sides
    await expect
      .poll(() => e1.innerText())
      .toMatch(
        /^svc-e:e1\s+205\.0ms\s+2\.00s\s+\+1\.79s\s+202\.0ms\s+2\.00s\s+\+1\.79s\s+5\.00ms\s+5\.00ms\s+±0µs$/,
      );
    const f1 = table.getByRole('row').filter({ hasText: 'svc-f:f1' });
    await expect.poll(() => f1.innerText()).toMatch(/\+0µs|±0µs/);
    await expect
      .poll(() => page.getByTestId('diff-headline').innerText())
      .toMatch(
        /^B takes 1\.79s longer than A; svc-e:e1 spent 1\.79s more in itself \(self 202\.0ms → 2\.00s, CPU 5\.00ms → 5\.00ms\)\.$/,
      );
    await expect
      .poll(() => page.getByTestId('diff-summary').innerText())
      .toMatch(/Hops only in A · only in B\s+0 · 0/);
    await ui.screenshot(page, 'trace-diff');
    await page.close();
  });

  it('marks the hops found in only one of the two traces', async () => {
    // an /a3 request against an /a1 request: no hop in common
    const page = await ui.openPage(
      `/trace-diff?a=${traceIdOf(1000)}&b=${traceIdOf(2000)}`,
    );
    const table = page.getByRole('table', { name: /aligned/ });
    await expect
      .poll(() => table.getByRole('rowheader').allInnerTexts())
      .toEqual([
        'svc-a:a3 only in A',
        'svc-e:e1 only in A',
        'svc-f:f1 only in A',
        'svc-g:g1 only in A',
        'svc-a:a1 only in B',
        'svc-b:b1 only in B',
        'svc-c:c1 only in B error in B',
      ]);
    await expect
      .poll(() => page.getByTestId('diff-summary').innerText())
      .toMatch(/Hops only in A · only in B\s+4 · 3/);
    await page.close();
  });

  it('opens the diff of an anomaly against a typical request from Path detail', async () => {
    const page = await ui.openPage(
      `/path/${encodeURIComponent(PATH_A3_E1)}?lookback=1h`,
    );
    const anomalies = page.getByRole('table', { name: /Abnormal requests/ });
    await anomalies
      .getByRole('row')
      .filter({ hasText: ANOMALOUS_TRACE_ID })
      .getByRole('link', { name: 'vs typical' })
      .click();
    await page.waitForURL(
      new RegExp(`/trace-diff\\?a=[0-9a-f]{32}&b=${ANOMALOUS_TRACE_ID}&path=`),
    );
    // the typical request is the slowest at or below the path's median
    const a = new URL(page.url()).searchParams.get('a')!;
    expect([1008, 1009, 1010, 1011].map(traceIdOf)).toContain(a);
    await expect
      .poll(() => page.getByTestId('diff-headline').innerText())
      .toContain('svc-e:e1');
    await page.close();
  });
});
