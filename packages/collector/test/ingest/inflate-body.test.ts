import {
  brotliCompressSync,
  deflateRawSync,
  deflateSync,
  gzipSync,
} from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  inflateBody,
  parseContentEncoding,
} from '../../src/ingest/inflate-body.js';

const TEXT = Buffer.from('{"resourceSpans":[]}');

describe('parseContentEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['Identity', 'identity'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    [' deflate ', 'deflate'],
    ['br', 'br'],
    ['zstd', null],
    ['gzip, br', null],
  ])('reads %j as %j', (header, expected) => {
    expect(parseContentEncoding(header)).toBe(expected);
  });
});

describe('inflateBody', () => {
  it.each([
    ['gzip', gzipSync(TEXT)],
    ['deflate', deflateSync(TEXT)],
    ['deflate', deflateRawSync(TEXT)],
    ['br', brotliCompressSync(TEXT)],
  ] as const)('inflates %s', async (encoding, body) => {
    expect(await inflateBody(body, encoding, 1000)).toEqual({
      ok: true,
      bytes: TEXT,
    });
  });

  it('stops at the output limit and says the body is too large', async () => {
    const result = await inflateBody(
      gzipSync(Buffer.alloc(10_000)),
      'gzip',
      1000,
    );
    expect(result).toMatchObject({ ok: false, tooLarge: true });
  });

  it('reports a truncated stream as undecodable, not too large', async () => {
    const body = gzipSync(TEXT);
    const result = await inflateBody(body.subarray(0, 10), 'gzip', 1000);
    expect(result).toMatchObject({ ok: false, tooLarge: false });
  });

  it('reports garbage behind deflate as undecodable', async () => {
    const result = await inflateBody(
      Buffer.from('plain text'),
      'deflate',
      1000,
    );
    expect(result).toMatchObject({ ok: false, tooLarge: false });
  });
});
