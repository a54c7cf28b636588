/*
 * The repository's vitest config passes its resolve conditions (including
 * `import`) to Node as `--conditions`, which also applies to `require()`: Express
 * 5's router then gets the ESM namespace of `is-promise` instead of its function
 * and fails on every handler. Importing this module before `express` seeds the
 * CommonJS cache with the package's CommonJS build under the resolved name.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const resolved = require.resolve('is-promise');
if (resolved.endsWith('.mjs')) {
  const cjsPath = resolved.replace(/\.mjs$/, '.js');
  require(cjsPath);
  require.cache[resolved] = require.cache[cjsPath];
}
