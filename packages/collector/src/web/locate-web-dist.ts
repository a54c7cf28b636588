/**
 * Where the built web UI lies: `dist/` beside `@pathprof/web`'s package.json
 * (the web package exports nothing else). `null` when the package is absent.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function locateWebDist(): string | null {
  try {
    const manifest = createRequire(import.meta.url).resolve(
      '@pathprof/web/package.json',
    );
    return join(dirname(manifest), 'dist');
  } catch {
    return null;
  }
}
