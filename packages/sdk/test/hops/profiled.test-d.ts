import { describe, expectTypeOf, it } from 'vitest';
import { profiled } from '../../src/index.js';
import type { ProfiledMethodDecorator } from '../../src/index.js';

// Checked by `tsc` (tsconfig.json includes packages/*/test), not run.

describe('profiled types', () => {
  it('keeps the type of a wrapped function', () => {
    const handler = profiled('a1', (req: { url: string }, n: number) =>
      Promise.resolve(`${req.url}${n}`),
    );
    expectTypeOf(handler).toEqualTypeOf<
      (req: { url: string }, n: number) => Promise<string>
    >();
    const sync = profiled('sum', (a: number, b: number): number => a + b, {
      seedCompat: true,
    });
    expectTypeOf(sync).returns.toEqualTypeOf<number>();
  });

  it('returns a method decorator without a function', () => {
    expectTypeOf(profiled()).toEqualTypeOf<ProfiledMethodDecorator>();
    expectTypeOf(profiled('roll')).toEqualTypeOf<ProfiledMethodDecorator>();
    expectTypeOf(
      profiled('roll', { seedCompat: true }),
    ).toEqualTypeOf<ProfiledMethodDecorator>();
  });

  it('decorates sync, async and static methods, keeping their signatures', () => {
    class Dice {
      constructor(private readonly sides: number) {}

      @profiled()
      roll(count: number): number[] {
        return Array.from({ length: count }, () => this.sides);
      }

      @profiled('rolldice', { seedCompat: false })
      async rollDice(count: number): Promise<number[]> {
        return Promise.resolve(this.roll(count));
      }

      @profiled()
      static create(): Dice {
        return new Dice(6);
      }
    }
    expectTypeOf<Dice['roll']>().toEqualTypeOf<(count: number) => number[]>();
    expectTypeOf<Dice['rollDice']>().returns.toEqualTypeOf<Promise<number[]>>();
    expectTypeOf<(typeof Dice)['create']>().returns.toEqualTypeOf<Dice>();
  });

  it('rejects misuse', () => {
    // @ts-expect-error -- the name must be a string
    profiled(42, () => 1);
    // @ts-expect-error -- the decorator needs parentheses: @profiled()
    profiled((x: number) => x);
    class Fields {
      // @ts-expect-error -- only methods can be profiled
      @profiled() value = 1;
    }
    expectTypeOf(new Fields().value).toEqualTypeOf<number>();
  });
});
