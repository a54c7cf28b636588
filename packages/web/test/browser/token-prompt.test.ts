/**
 * A collector started with a bearer token, in Chromium: the UI itself loads
 * without the token, asks for it when the API answers 401, shows the data
 * once the right token is entered (and on reload, from sessionStorage),
 * refuses a wrong one, and forgets it on request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PATH_A1 } from './fixture-traces.js';
import { hasChromium, startUiHarness } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

const TOKEN = 'ui-test-s3cret';

describe.skipIf(!hasChromium())('Token prompt', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUiHarness({ token: TOKEN });
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  const enterToken = async (page: Page, token: string): Promise<void> => {
    await page.getByLabel('Token', { exact: true }).fill(token);
    await page.getByRole('button', { name: 'Use token' }).click();
  };

  it('loads the page, asks for the token, and shows the paths once it is entered', async () => {
    const page = await ui.openPage('/paths?lookback=1h');
    await page
      .getByRole('heading', { name: 'This pathprof requires a token' })
      .waitFor();
    await enterToken(page, TOKEN);
    await page.getByRole('table').waitFor();
    await expect
      .poll(() =>
        page.getByRole('rowheader', { name: PATH_A1, exact: true }).count(),
      )
      .toBe(1);
    // kept for the tab: a reload shows the paths without asking again
    await page.reload();
    await page.getByRole('table').waitFor();
    await expect
      .poll(() => page.evaluate(() => sessionStorage.getItem('pathprof.token')))
      .toBe(TOKEN);
    await page.close();
  });

  it('says so when the token is wrong, and asks again', async () => {
    const page = await ui.openPage('/paths?lookback=1h');
    await enterToken(page, 'not-the-token');
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toContain('The collector refused that token');
    await expect
      .poll(() =>
        page.getByLabel('Token', { exact: true }).getAttribute('aria-invalid'),
      )
      .toBe('true');
    await ui.screenshot(page, 'token-prompt');
    await enterToken(page, TOKEN);
    await page.getByRole('table').waitFor();
    await page.close();
  });

  it('forgets the token on request and asks for it again', async () => {
    const page = await ui.openPage('/paths?lookback=1h');
    await enterToken(page, TOKEN);
    await page.getByRole('table').waitFor();
    await page.getByRole('button', { name: 'Forget token' }).click();
    await page
      .getByRole('heading', { name: 'This pathprof requires a token' })
      .waitFor();
    await expect
      .poll(() => page.evaluate(() => sessionStorage.getItem('pathprof.token')))
      .toBeNull();
    await page.close();
  });
});
