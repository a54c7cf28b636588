import { it } from 'vitest';
import { startUiHarness } from './ui-harness.js';
import { PATH_A3_E1, PATH_A5 } from './fixture-traces.js';

it('scratch', async () => {
  const ui = await startUiHarness();
  const urls = (process.env['SCRATCH_URLS'] ?? '/paths?lookback=1h').split(',');
  let i = 0;
  for (const u of urls) {
    const url = u
      .replace('A3E1', encodeURIComponent(PATH_A3_E1))
      .replace('A5', encodeURIComponent(PATH_A5));
    const page = await ui.openPage(url);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.waitForTimeout(2500);
    await page.screenshot({ path: `/tmp/scratch-${i}.png`, fullPage: true });
    console.log(url, errors.join('\n'));
    i++;
    await page.close();
  }
  await ui.close();
}, 120_000);
