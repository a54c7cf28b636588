/**
 * Golden reports: `pathprof analyze --critical-path --anomalies` on every real
 * trace file in fixtures/traces and on the example sample. The expected
 * text lives in test/fixtures/golden/ (reviewed by reading it); a change in
 * any number shows up as a diff there.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';

const SHARED = resolve(import.meta.dirname, '../../../../fixtures/traces');
const REPO = resolve(import.meta.dirname, '../../../..');

const inputs = [
  ...readdirSync(SHARED)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(SHARED, f)),
  ...readdirSync(join(SHARED, 'zipkin-lens-small')).map((f) =>
    join(SHARED, 'zipkin-lens-small', f),
  ),
  join(REPO, 'examples/seed-shaped-sample.jaeger.json'),
];

describe('golden reports', () => {
  it.each(inputs.map((f) => [f.slice(f.lastIndexOf('/') + 1), f]))(
    '%s',
    async (name, file) => {
      const r = await runCli([
        'analyze',
        file,
        '--critical-path',
        '--anomalies',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      await expect(r.stdout).toMatchFileSnapshot(
        `../fixtures/golden/${name.replace(/\.json$/, '')}.txt`,
      );
    },
  );
});
