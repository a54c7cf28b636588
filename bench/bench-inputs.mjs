// The benchmark's input files in bench/out/: generated once per (traces, seed,
// generator source) and reused while the generator's source is unchanged.

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { writeJaegerResponse } from './jaeger-file-writer.mjs';
import { generateSeedTraces } from './seed-shaped-traces.mjs';

/**
 * @typedef {object} InputFile
 * @property {string} file
 * @property {number} traces
 * @property {number} spans
 * @property {number} bytes
 * @property {number} generateMillis  how long generating and writing it took (when it was made)
 */

const GENERATOR_SOURCES = [
  'mulberry32.mjs',
  'seed-routes.mjs',
  'seed-mesh.mjs',
  'seed-span-tags.mjs',
  'seed-shaped-traces.mjs',
  'jaeger-file-writer.mjs',
];

/**
 * @param {string} outDir
 * @param {number} traces
 * @param {number} seed
 * @returns {Promise<InputFile & { reused: boolean }>}
 */
export async function ensureSeedFile(outDir, traces, seed) {
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, `seed-shaped-${traces}-s${seed}`);
  const file = `${base}.jaeger.json`;
  const metaFile = `${base}.meta.json`;
  const generator = hashGeneratorSources();
  if (existsSync(file) && existsSync(metaFile)) {
    const meta = /** @type {InputFile & { generator: string }} */ (
      JSON.parse(readFileSync(metaFile, 'utf8'))
    );
    if (meta.generator === generator && statSync(file).size === meta.bytes) {
      return { ...meta, file, reused: true };
    }
  }
  const started = performance.now();
  const out = createWriteStream(file);
  const stats = await writeJaegerResponse(
    out,
    generateSeedTraces({ traces, seed }),
  );
  out.end();
  await once(out, 'finish');
  const input = { file, ...stats, generateMillis: performance.now() - started };
  writeFileSync(
    metaFile,
    `${JSON.stringify({ ...input, generator }, null, 2)}\n`,
  );
  return { ...input, reused: false };
}

function hashGeneratorSources() {
  const hash = createHash('sha256');
  for (const name of GENERATOR_SOURCES) {
    hash.update(readFileSync(new URL(`./${name}`, import.meta.url)));
  }
  return hash.digest('hex').slice(0, 16);
}
