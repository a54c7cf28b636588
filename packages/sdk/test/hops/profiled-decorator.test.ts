import { runInThisContext } from 'node:vm';
import ts from 'typescript';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { HOP_PATH_ATTR, profiled } from '../../src/index.js';
import { attr, parentIdOf, startTestTracing } from '../helpers.js';

// Vitest's transform (oxc) does not lower TC39 decorators yet, so the class is
// compiled by TypeScript itself, as `tsc` compiles a service that uses them.
const DICE_SOURCE = `
export function defineDice(profiled: any) {
  class Dice {
    constructor(private readonly sides: number) {}

    @profiled()
    roll(count: number): number[] {
      return Array.from({ length: count }, (_, i) => (i % this.sides) + 1);
    }

    @profiled('rolldice')
    async rollDice(count: number): Promise<number[]> {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return this.roll(count);
    }

    @profiled(undefined, { seedCompat: true })
    static create(): Dice {
      return new Dice(6);
    }
  }
  return Dice;
}
`;

interface Dice {
  roll(count: number): number[];
  rollDice(count: number): Promise<number[]>;
}
interface DiceClass {
  create(): Dice;
}

function compileDice(): DiceClass {
  const { outputText } = ts.transpileModule(DICE_SOURCE, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
    },
  });
  const load = runInThisContext(`(function (exports) {${outputText}\n})`) as (
    exports: Record<string, unknown>,
  ) => void;
  const exports: Record<string, unknown> = {};
  load(exports);
  const defineDice = exports['defineDice'] as (p: typeof profiled) => DiceClass;
  return defineDice(profiled);
}

describe('@profiled() method decorator', () => {
  const t = startTestTracing();
  afterAll(() => t.tracing.shutdown());
  beforeEach(() => t.exporter.reset());
  const Dice = compileDice();

  it('names the hop after the method by default and keeps `this`', () => {
    const dice = new (Dice as unknown as new (sides: number) => Dice)(3);

    expect(dice.roll(4)).toEqual([1, 2, 3, 1]);

    expect(attr(t.span('roll'), HOP_PATH_ATTR)).toBe('svc-test:roll');
  });

  it('uses the given name, and nests the inner decorated method as a child hop', async () => {
    const dice = new (Dice as unknown as new (sides: number) => Dice)(6);

    await expect(dice.rollDice(2)).resolves.toEqual([1, 2]);

    expect(parentIdOf(t.span('roll'))).toBe(
      t.span('rolldice').spanContext().spanId,
    );
    expect(attr(t.span('roll'), HOP_PATH_ATTR)).toBe(
      'svc-test:rolldice > svc-test:roll',
    );
  });

  it('decorates static methods and passes options', () => {
    Dice.create();

    expect(
      t
        .spans()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['create_performance_metrics', 'create_summary']);
  });
});
