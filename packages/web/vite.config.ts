// Builds the UI into dist/, which the collector serves at the root of the
// query port. JSX goes through Vite's Oxc transform with Preact's automatic
// runtime; @pathprof/* packages are read from their TypeScript sources.
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

const COLLECTOR = process.env['PATHPROF_QUERY_URL'] ?? 'http://127.0.0.1:16686';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  resolve: {
    conditions: ['@pathprof/source', ...defaultClientConditions],
    alias: {
      'protobufjs/minimal': fileURLToPath(
        new URL('./src/internal/protobuf-unavailable.ts', import.meta.url),
      ),
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // ECharts and cytoscape are split into their views' chunks; each stays under this.
    chunkSizeWarningLimit: 1100,
  },
  // `npm run dev -w @pathprof/web` against a collector on its default port
  server: {
    proxy: { '/api': COLLECTOR, '/ui-config.json': COLLECTOR },
  },
});
