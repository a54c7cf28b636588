/**
 * A shared Compare link in Chromium: the form shows the link's exact range
 * (to the millisecond) and submitting it untouched asks for the same range,
 * to the microsecond, instead of one relative to now.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW_MICROS } from './fixture-traces.js';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

const START = NOW_MICROS - 3_600_000_000 + 123_456;
const END = NOW_MICROS - 7_001;

describe.skipIf(!hasChromium())('Compare form with a shared link', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('offers the shared range of two versions and keeps it on resubmit', async () => {
    const page = await ui.openPage(
      `/compare?mode=versions&by=service.version&baseline=v1&candidate=v2&start=${START}&end=${END}`,
    );
    const within = page.getByRole('combobox', { name: 'Within' });
    await expect
      .poll(() => within.locator('option:checked').innerText())
      .toMatch(/:00\.123 – .*:59\.992$/);
    await page
      .getByRole('combobox', { name: 'Candidate value' })
      .selectOption('v1');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.waitForURL(/candidate=v1/);
    const query = new URL(page.url()).searchParams;
    expect([query.get('start'), query.get('end')]).toEqual([
      String(START),
      String(END),
    ]);
    await page.close();
  });

  it('shows two shared windows to the millisecond and keeps them untouched', async () => {
    const sides = {
      baselineStart: START - 3_600_000_000,
      baselineEnd: START,
      candidateStart: START,
      candidateEnd: END,
    };
    const page = await ui.openPage(
      `/compare?mode=windows&${Object.entries(sides)
        .map(([k, v]) => `${k}=${v}`)
        .join('&')}`,
    );
    const from = page
      .getByRole('group', { name: 'Candidate' })
      .getByLabel('From');
    await expect.poll(() => from.inputValue()).toMatch(/:00\.123$/);
    await page
      .getByRole('group', { name: 'Baseline' })
      .getByLabel('From')
      .fill('2025-01-15T09:00');
    const before = page.url();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.waitForURL((url) => url.toString() !== before);
    const query = new URL(page.url()).searchParams;
    expect(query.get('candidateStart')).toBe(String(sides.candidateStart));
    expect(query.get('candidateEnd')).toBe(String(sides.candidateEnd));
    expect(query.get('baselineEnd')).toBe(String(sides.baselineEnd));
    expect(query.get('baselineStart')).not.toBe(String(sides.baselineStart));
    await page.close();
  });
});
