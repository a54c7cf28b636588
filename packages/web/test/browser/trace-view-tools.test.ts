/**
 * The Trace view's tools in Chromium: the critical path drawn as segments
 * over the bars (only the critical part coloured, the bar keeping its hop
 * colour), find in trace, span events (logs), downloads as Jaeger and OTLP
 * JSON, and 64-bit (16-hex) trace ids.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANOMALOUS_TRACE_ID } from './fixture-traces.js';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

/** The anomalous trace's id as a 64-bit id: its low 16 hex digits. */
const SHORT_ID = ANOMALOUS_TRACE_ID.slice(16);

describe.skipIf(!hasChromium())('Trace view tools', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('colours only the critical part of a span, over a bar in its hop colour', async () => {
    const page = await ui.openPage(`/trace/${ANOMALOUS_TRACE_ID}`);
    const a3 = page.getByRole('treeitem').filter({ hasText: 'hop svc-a:a3' });
    await a3.waitFor();
    const drawn = await a3.evaluate((row) => {
      const bar = row.querySelector('.wf-bar')!;
      const segments = [...row.querySelectorAll('.wf-critical-seg')];
      return {
        barColor: getComputedStyle(bar).backgroundColor,
        barWidth: bar.getBoundingClientRect().width,
        segments: segments.map((s) => s.getBoundingClientRect().width),
        segmentColor:
          segments[0] === undefined
            ? ''
            : getComputedStyle(segments[0]).backgroundColor,
      };
    });
    // a3 is on the critical path before and after its calls: two segments,
    // together a small part of its 2 s bar
    expect(drawn.barColor).toBe('rgb(37, 95, 168)');
    expect(drawn.segmentColor).toBe('rgb(217, 72, 15)');
    expect(drawn.segments.length).toBe(2);
    const covered = drawn.segments.reduce((n, w) => n + w, 0);
    expect(covered).toBeGreaterThan(0);
    expect(covered).toBeLessThan(drawn.barWidth * 0.05);
    // e1 is critical for almost all of its time, still a hop-coloured bar
    const e1 = page.getByRole('treeitem').filter({ hasText: 'hop svc-e:e1' });
    expect(
      await e1.evaluate(
        (row) =>
          getComputedStyle(row.querySelector('.wf-bar')!).backgroundColor,
      ),
    ).toBe('rgb(37, 95, 168)');
    await page.close();
  });

  it('finds spans by text, steps through them and shows the one found', async () => {
    const page = await ui.openPage(`/trace/${ANOMALOUS_TRACE_ID}`);
    const find = page.getByRole('searchbox', { name: 'Find in trace' });
    await find.fill('svc-f');
    // f1's own span and the client span in svc-e that calls it
    await expect
      .poll(() => page.getByTestId('find-count').innerText())
      .toBe('2 matches');
    expect(await page.locator('.wf-row.match').count()).toBe(2);
    await find.press('Enter');
    await expect
      .poll(() => page.getByTestId('find-count').innerText())
      .toBe('1 of 2');
    await expect
      .poll(() => page.locator('#span-title').innerText())
      .toMatch(/^svc-e · GET svc-f\/f1$/);
    await page.getByRole('button', { name: '↓' }).click();
    await expect
      .poll(() => page.locator('#span-title').innerText())
      .toMatch(/^svc-f · GET \/f1$/);
    // an attribute as key=value, and an event's name
    await find.fill('pathprof.cpu_ms=5');
    await expect
      .poll(() => page.getByTestId('find-count').innerText())
      .toBe('1 match');
    await find.fill('no such thing');
    await expect
      .poll(() => page.getByTestId('find-count').innerText())
      .toBe('no match');
    await find.fill('cache miss');
    await expect
      .poll(() => page.getByTestId('find-count').innerText())
      .toBe('1 match');
    await page.close();
  });

  it('marks a span’s events (logs) on its bar and lists them in its details', async () => {
    const page = await ui.openPage(`/trace/${ANOMALOUS_TRACE_ID}`);
    const e1 = page.getByRole('treeitem').filter({ hasText: 'hop svc-e:e1' });
    await expect.poll(() => e1.innerText()).toContain('1 log');
    expect(await e1.locator('.wf-event').count()).toBe(1);
    await e1.click();
    const details = page.getByRole('complementary');
    await expect
      .poll(() => details.innerText())
      .toMatch(
        /Events[\s\S]*cache miss\s+at \+6\.20ms[\s\S]*cache\.key\s+user:42/,
      );
    await page.close();
  });

  it('downloads the trace as Jaeger JSON and as OTLP JSON', async () => {
    const page = await ui.openPage(`/trace/${ANOMALOUS_TRACE_ID}`);
    await page.getByRole('tree').waitFor();
    const [jaeger] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download Jaeger JSON' }).click(),
    ]);
    expect(jaeger.suggestedFilename()).toBe(
      `trace-${ANOMALOUS_TRACE_ID}.jaeger.json`,
    );
    const jaegerBody = JSON.parse(
      readFileSync((await jaeger.path())!, 'utf8'),
    ) as { data: { traceID: string; spans: unknown[] }[] };
    expect(jaegerBody.data[0]!.traceID).toBe(SHORT_ID);
    expect(jaegerBody.data[0]!.spans).toHaveLength(8);
    const [otlp] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download OTLP JSON' }).click(),
    ]);
    expect(otlp.suggestedFilename()).toBe(
      `trace-${ANOMALOUS_TRACE_ID}.otlp.json`,
    );
    const otlpBody = JSON.parse(readFileSync((await otlp.path())!, 'utf8')) as {
      resourceSpans: { scopeSpans: { spans: unknown[] }[] }[];
    };
    const spans = otlpBody.resourceSpans.flatMap((r) =>
      r.scopeSpans.flatMap((s) => s.spans),
    );
    expect(spans).toHaveLength(8);
    await page.close();
  });

  it('opens a trace by its 64-bit (16-hex) id, from a link and from the top bar', async () => {
    const page = await ui.openPage(`/trace/${SHORT_ID}`);
    await expect.poll(() => page.getByRole('treeitem').count()).toBe(8);
    await page.goto(`${ui.origin}/paths`);
    await page
      .getByRole('searchbox', { name: 'Trace id' })
      .fill(SHORT_ID.replace(/^0+/, ''));
    await page.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => page.getByRole('treeitem').count()).toBe(8);
    await page.close();
  });
});
