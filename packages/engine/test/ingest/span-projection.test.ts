/**
 * ANALYSIS_PROJECTION must name every attribute the analysis reads, or
 * readers that decode only those would change reports. This reads the
 * engine's sources for attribute look-ups (`attributes[…]`, `attrs[…]`,
 * `numberAttr(…, KEY)`, `.resource[…]`) and checks each key it can resolve
 * (a string literal or a constant of @pathprof/model) is kept; a look-up by
 * a key it cannot resolve must be one of the known dynamic ones.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as model from '@pathprof/model';
import { ANALYSIS_PROJECTION } from '@pathprof/engine';

const SRC = path.resolve(import.meta.dirname, '../../src');
/** Look-ups by a key the caller chooses (compare's --by attribute): readers keep it on request (withKeptAttributes). */
const DYNAMIC_KEYS = new Set(['split.key', 'key']);
const LOOKUP =
  /(?:attributes|attrs|resource)\[([^\]]+)\]|numberAttr\([^,]+,\s*([A-Za-z_.'"-]+)\)/g;

function analysisSources(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith(`ingest${path.sep}`))
    .map((f) => path.join(SRC, f));
}

describe('ANALYSIS_PROJECTION', () => {
  it('keeps every attribute key the analysis looks up', () => {
    const constants = model as unknown as Record<string, unknown>;
    const found = new Set<string>();
    const unresolved: string[] = [];
    for (const file of analysisSources()) {
      for (const m of readFileSync(file, 'utf8').matchAll(LOOKUP)) {
        const expr = (m[1] ?? m[2]!).trim();
        const literal = /^'([^']*)'$/.exec(expr)?.[1];
        const constant = constants[expr];
        if (literal !== undefined) {
          found.add(literal);
        } else if (typeof constant === 'string') {
          found.add(constant);
        } else if (!DYNAMIC_KEYS.has(expr)) {
          unresolved.push(`${path.relative(SRC, file)}: ${expr}`);
        }
      }
    }
    expect(unresolved).toEqual([]);
    expect(found.size).toBeGreaterThan(10);
    const missing = [...found].filter(
      (k) => !ANALYSIS_PROJECTION.attributes!.has(k),
    );
    expect(missing).toEqual([]);
  });

  it('keeps the resource attributes that name a host (trace assembly reads them) and no events', () => {
    // tree/span-host.ts: distinct work sharing a span id is told apart by host
    expect([...ANALYSIS_PROJECTION.resource!].sort()).toEqual([
      'host.name',
      'hostname',
      'ip',
      'k8s.pod.name',
      'net.host.ip',
      'service.instance.id',
    ]);
    expect(readFileSync(path.join(SRC, 'tree/span-host.ts'), 'utf8')).toMatch(
      /span\.resource\[key\]/,
    );
    expect(ANALYSIS_PROJECTION.events).toBe(false);
  });
});
