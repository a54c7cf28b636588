/**
 * The Trace view in Chromium: a deep link loads the waterfall with the
 * critical path and the hop spans marked and proxies told apart, clicking a
 * span shows its attributes, collapsing hides a subtree (and survives a
 * reload, through the URL), and an unknown
 * trace id gets a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANOMALOUS_TRACE_ID } from './fixture-traces.js';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

describe.skipIf(!hasChromium())('Trace view', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('loads a trace by its deep link with the critical path, hops and proxies marked', async () => {
    const page = await ui.openPage(`/trace/${ANOMALOUS_TRACE_ID}`);
    const tree = page.getByRole('tree');
    await tree.waitFor();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText())
      .toBe(`Trace ${ANOMALOUS_TRACE_ID}`);
    // gateway, 4 hops, 3 client spans
    await expect.poll(() => tree.getByRole('treeitem').count()).toBe(8);
    const e1 = tree.getByRole('treeitem').filter({ hasText: 'hop svc-e:e1' });
    await expect
      .poll(() => e1.getAttribute('class'))
      .toMatch(/role-hop.*critical/);
    await expect.poll(() => e1.innerText()).toContain('2.00s');
    const gateway = tree.getByRole('treeitem').first();
    await expect
      .poll(() => gateway.getAttribute('class'))
      .toContain('role-proxy');
    const g1 = tree.getByRole('treeitem').filter({ hasText: 'hop svc-g:g1' });
    await expect.poll(() => g1.getAttribute('class')).not.toContain('critical');
    await ui.screenshot(page, 'trace');
    await page.close();
  });

  it('shows a span’s attributes on click and keeps the selection in the URL', async () => {
    const page = await ui.openPage(`/trace/${ANOMALOUS_TRACE_ID}`);
    await page
      .getByRole('treeitem')
      .filter({ hasText: 'hop svc-e:e1' })
      .click();
    await page.waitForURL(/\?span=[0-9a-f]{16}$/);
    const details = page.getByRole('complementary');
    await expect
      .poll(() =>
        details
          .getByRole('table', { name: 'Attributes', exact: true })
          .innerText(),
      )
      .toMatch(/pathprof\.cpu_ms\s+5/);
    await page.reload();
    await expect
      .poll(() =>
        page
          .getByRole('complementary')
          .getByRole('heading', { level: 2 })
          .innerText(),
      )
      .toBe('svc-e · GET /e1');
    await page.close();
  });

  it('collapses and expands a subtree, keeping the collapsed rows in the URL', async () => {
    const page = await ui.openPage(`/trace/${ANOMALOUS_TRACE_ID}`);
    const tree = page.getByRole('tree');
    await tree.waitFor();
    await page.getByRole('button', { name: 'Collapse all' }).click();
    await expect.poll(() => tree.getByRole('treeitem').count()).toBe(2);
    await page.waitForURL(/\?fold=all$/);
    await page.reload();
    await expect.poll(() => tree.getByRole('treeitem').count()).toBe(2);
    await page.getByRole('button', { name: 'Expand all' }).click();
    await expect.poll(() => tree.getByRole('treeitem').count()).toBe(8);
    expect(page.url()).not.toContain('fold=');
    await page.close();
  });

  it('says clearly that an unknown trace id is not stored', async () => {
    const page = await ui.openPage('/trace/0123456789abcdef0123456789abcdef');
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.innerText())
      .toContain('Trace 0123456789abcdef0123456789abcdef was not found');
    await ui.screenshot(page, 'trace-not-found');
    await page.close();
  });
});
