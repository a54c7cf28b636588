import { describe, expect, it } from 'vitest';
import { EngineError } from '@pathprof/engine';
import { StoreError } from '@pathprof/store';
import { createInputError, createJaegerError } from '@pathprof/sources';
import { CliError, createServeError } from '../../src/shared/cli-error.js';
import { describeCliError } from '../../src/shared/describe-cli-error.js';
import { UsageError } from '../../src/shared/usage-error.js';

describe('describeCliError', () => {
  it('exits 2 for usage errors and names the flag', async () => {
    expect(await describeCliError(new UsageError('--rps', 'bad'))).toEqual({
      exitCode: 2,
      code: 'PATHPROF_ERR_USAGE',
      message: 'bad',
      details: { flag: '--rps' },
      expected: true,
    });
  });

  it('names the file and the byte offset of an input error', async () => {
    const report = await describeCliError(
      createInputError(
        'PATHPROF_ERR_INPUT_MALFORMED',
        't.json',
        'unexpected end',
        42,
      ),
    );
    expect(report).toMatchObject({
      exitCode: 1,
      code: 'PATHPROF_ERR_INPUT_MALFORMED',
      message: 't.json: unexpected end at byte offset 42',
      details: { file: 't.json', offset: 42 },
    });
  });

  it("keeps the engine's code and names the file and offset of a --compat seed error", async () => {
    const err = new EngineError(
      'PATHPROF_ERR_SEED_JSON',
      't.json: malformed JSON (expecting value) at byte offset 9',
      { file: 't.json', offset: 9 },
    );
    expect(await describeCliError(err)).toEqual({
      exitCode: 1,
      code: 'PATHPROF_ERR_SEED_JSON',
      message: 't.json: malformed JSON (expecting value) at byte offset 9',
      details: { file: 't.json', offset: 9 },
      expected: true,
    });
  });

  it('names the URL and status of a Jaeger failure', async () => {
    const err = createJaegerError('http', 'http://j/api', 'no', 503);
    const report = await describeCliError(err);
    expect(report).toMatchObject({
      exitCode: 1,
      code: 'PATHPROF_ERR_JAEGER',
      details: { url: 'http://j/api', status: 503, reason: 'http' },
    });
    // --format json prints the details in this order
    expect(Object.keys(report.details)).toEqual(['url', 'reason', 'status']);
  });

  it("keeps the store's code and prefixes its message", async () => {
    const err = new StoreError('PATHPROF_ERR_STORE_LOCKED', 'locked');
    expect(await describeCliError(err)).toMatchObject({
      exitCode: 1,
      code: 'PATHPROF_ERR_STORE_LOCKED',
      message: 'store: locked',
    });
  });

  it('exits 1 for the CLI errors that are not usage errors', async () => {
    expect(
      await describeCliError(createServeError('--data d', 'unreadable')),
    ).toMatchObject({
      exitCode: 1,
      code: 'PATHPROF_ERR_SERVE',
      message: '--data d: unreadable',
      details: { what: '--data d' },
    });
    expect(
      await describeCliError(new CliError('PATHPROF_ERR_DEPLOY', 'no helm')),
    ).toMatchObject({ exitCode: 1, message: 'no helm' });
  });

  it('reports an unexpected error as internal, with its class name', async () => {
    expect(await describeCliError(new TypeError('x is undefined'))).toEqual({
      exitCode: 1,
      code: 'PATHPROF_ERR_INTERNAL',
      message: 'x is undefined',
      details: { name: 'TypeError' },
      expected: false,
    });
  });

  it('serializes a CliError without its stack', () => {
    const err = new UsageError('--rps', 'bad');
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      code: 'PATHPROF_ERR_USAGE',
      message: 'bad',
      details: { flag: '--rps' },
    });
  });
});
