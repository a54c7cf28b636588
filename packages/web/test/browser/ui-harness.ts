/**
 * What every browser test needs: a collector on free ports over an in-memory
 * store holding the fixture traces (clock fixed at NOW_MICROS), serving the
 * built UI, and Debian's Chromium driven by playwright-core. Nothing is
 * downloaded. `close()` releases both, whatever state they are in.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { PathIndexer, startCollector } from '@pathprof/collector';
import type { RunningCollector } from '@pathprof/collector';
import { createMemoryStore } from '@pathprof/store';
import { createFixtureSpans, NOW_MICROS } from './fixture-traces.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const DIST_INDEX = fileURLToPath(
  new URL('../../dist/index.html', import.meta.url),
);
export const SCREENSHOT_DIR = fileURLToPath(
  new URL('../screenshots/', import.meta.url),
);

/** False outside CI when Chromium is missing (the tests skip); in CI a missing Chromium fails loudly. */
export function hasChromium(): boolean {
  if (existsSync(CHROMIUM_PATH)) {
    return true;
  }
  if (process.env['CI'] !== undefined && process.env['CI'] !== '') {
    throw new Error(
      `browser tests need Chromium at ${CHROMIUM_PATH} (Debian package "chromium")`,
    );
  }
  return false;
}

export interface UiHarness {
  /** The UI's origin, e.g. `http://127.0.0.1:41234`. */
  readonly origin: string;
  readonly collector: RunningCollector;
  openPage(path: string): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startUiHarness(
  options: { basePath?: string; token?: string } = {},
): Promise<UiHarness> {
  if (!existsSync(DIST_INDEX)) {
    throw new Error(
      'packages/web/dist is missing: run `npm run build -w @pathprof/web` before the browser tests',
    );
  }
  const store = createMemoryStore();
  await store.appendSpans(createFixtureSpans());
  // Index the fixture's closed minutes as a running collector would have:
  // the views then read most of the window from the path index and the
  // last minute trace by trace, and must show the same numbers.
  await new PathIndexer(store, {
    delayMicros: 30_000_000,
    backfillMicros: 3_600_000_000,
    intervalMillis: 60_000,
    tickBudgetMillis: 60_000,
    nowMicros: () => NOW_MICROS,
    log: () => undefined,
  }).runOnce();
  let collector: RunningCollector | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await Promise.allSettled([browser?.close(), collector?.close()]);
  };
  try {
    collector = await startCollector({
      store,
      otlpPort: null,
      zipkinPort: null,
      queryPort: 0,
      basePath: options.basePath ?? '',
      ...(options.token === undefined ? {} : { token: options.token }),
      log: null,
      nowMicros: () => NOW_MICROS,
      pathIndex: { enabled: false },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
      ],
    });
  } catch (err) {
    await close();
    throw err;
  }
  const origin = collector.urls.query!;
  const liveBrowser = browser;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    origin,
    collector,
    openPage: async (path) => {
      const page = await liveBrowser.newPage({
        viewport: { width: 1280, height: 800 },
      });
      await page.goto(`${origin}${path}`);
      return page;
    },
    screenshot: async (page, name) => {
      await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png` });
    },
    close,
  };
}
