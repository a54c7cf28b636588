/**
 * Search in Chromium, in Jaeger's terms: a service, an operation, tags,
 * durations, lookback and limit find exactly the expected traces; the
 * results are listed and plotted; a dot opens its trace; two ticked results
 * open their diff.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceIdOf } from './fixture-traces.js';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

/** The trace ids listed, as the table shows them (16 hex digits when the high half is zero). */
async function listedIds(page: Page): Promise<string[]> {
  const cells = await page
    .getByRole('table', { name: 'Traces found' })
    .getByRole('rowheader')
    .locator('code')
    .allInnerTexts();
  return cells.map((id) => id.padStart(32, '0')).sort();
}

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => traceIdOf(from + i)).sort();

describe.skipIf(!hasChromium())('Search view', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('finds exactly the traces of a service, operation and tag, filled in the form', async () => {
    const page = await ui.openPage('/search');
    const form = page.getByRole('form', { name: 'Find traces' });
    await form.getByRole('combobox', { name: 'Service' }).selectOption('svc-a');
    await form
      .getByRole('combobox', { name: 'Operation' })
      .selectOption('GET /a5');
    await form
      .getByRole('textbox', { name: 'Tags' })
      .fill('service.version=v2');
    await form.getByRole('spinbutton', { name: 'Limit results' }).fill('100');
    await form.getByRole('button', { name: 'Find traces' }).click();
    await page.waitForURL(/\/search\?service=svc-a&operation=GET/);
    // the 24 requests of version v2 (3024 … 3047), nothing else
    await expect.poll(() => listedIds(page)).toEqual(range(3024, 3047));
    await expect
      .poll(() => page.getByTestId('search-summary').innerText())
      .toBe('24 traces');
    await page.getByTestId('search-scatter').locator('svg').waitFor();
    await ui.screenshot(page, 'search');
    await page.close();
  });

  it('finds the traces with a span of the service inside the duration bounds', async () => {
    // svc-h:h1 of v2 lasts 90 + 0.5·k ms: k ≥ 20 reach 100 ms
    const page = await ui.openPage(
      '/search?service=svc-h&minDuration=100ms&maxDuration=1s&lookback=1h',
    );
    await expect.poll(() => listedIds(page)).toEqual(range(3044, 3047));
    await page.close();
  });

  it('returns 20 traces by default and says how many matched in all', async () => {
    const page = await ui.openPage('/search?service=svc-h&lookback=1h');
    await expect
      .poll(() => page.getByTestId('search-summary').innerText())
      .toBe('20 traces of 48 matching');
    expect(
      await page
        .getByRole('spinbutton', { name: 'Limit results' })
        .inputValue(),
    ).toBe('20');
    // the limit is capped at 1 500
    await page.goto(
      `${ui.origin}/search?service=svc-h&lookback=1h&limit=99999`,
    );
    await expect
      .poll(() =>
        page.getByRole('spinbutton', { name: 'Limit results' }).inputValue(),
      )
      .toBe('1500');
    await page.close();
  });

  it('says what is wrong with a tag that is not key=value', async () => {
    const page = await ui.openPage('/search?service=svc-a&tags=oops');
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toContain('“oops” is not key=value');
    await page.close();
  });

  it('opens a trace from a dot of the scatter, and two ticked traces side by side', async () => {
    const page = await ui.openPage(
      '/search?service=svc-a&operation=GET%20%2Fa3&lookback=1h',
    );
    await page.getByTestId('search-scatter').locator('svg').waitFor();
    await page.waitForTimeout(300);
    // a dot (ECharts draws each as an SVG path), clicked where it is drawn
    const dot = await page
      .getByTestId('search-scatter')
      .locator('svg path[fill="#255fa8"]')
      .nth(3)
      .boundingBox();
    await page.mouse.click(dot!.x + dot!.width / 2, dot!.y + dot!.height / 2);
    await page.waitForURL(/\/trace\/[0-9a-f]+$/);
    const opened = new URL(page.url()).pathname.split('/').pop()!;
    expect(range(1000, 1019)).toContain(opened.padStart(32, '0'));
    await page.goBack();
    const table = page.getByRole('table', { name: 'Traces found' });
    await table.waitFor();
    const boxes = table.getByRole('checkbox');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page
      .getByRole('button', { name: 'Compare the two ticked traces' })
      .click();
    await page.waitForURL(/\/trace-diff\?a=[0-9a-f]+&b=[0-9a-f]+$/);
    await page.close();
  });
});
