import { defineConfig } from 'vitest/config';

// Tests import @pathprof/* packages from their TypeScript sources through the
// "@pathprof/source" export condition, so nothing has to be built first.
export default defineConfig({
  // Only our own condition: Vitest hands these to Node in the test workers, and
  // forcing 'import' there makes CommonJS packages (Express 5's router) load
  // ESM builds of their dependencies.
  resolve: { conditions: ['@pathprof/source'] },
  ssr: { resolve: { conditions: ['@pathprof/source'] } },
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'e2e/**/*.test.ts',
    ],
    pool: 'forks',
    testTimeout: 30_000,
    // expect.poll waits for servers, browsers and exporters to catch up; on a
    // busy 2-core machine a second is not always enough.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    // CI also writes a JSON summary, which .ci/run turns into a plain closing line
    reporters: process.env['CI'] === 'true' ? ['default', 'json'] : ['default'],
    outputFile: { json: '.ci/out/vitest.json' },
  },
});
