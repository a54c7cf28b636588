import { gzipSync } from 'node:zlib';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { post, recordSdkSpans } from '../ingest/ingest-test-helpers.js';

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };

async function postTraces(
  body: Uint8Array | string,
  headers: Record<string, string>,
  maxBodyBytes?: number,
): Promise<Response> {
  collector ??= await startTestCollector(
    maxBodyBytes === undefined ? {} : { maxBodyBytes },
  );
  return post(`${collector.urls.otlp!}/v1/traces`, body, headers);
}

/** Reads a google.rpc.Status of a one-byte code and a message shorter than 128 bytes. */
async function readProtobufStatus(
  res: Response,
): Promise<{ code: number; message: string }> {
  expect(res.headers.get('content-type')).toBe('application/x-protobuf');
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([bytes[0], bytes[2]]).toEqual([0x08, 0x12]);
  expect(bytes[3]).toBe(bytes.length - 4);
  return { code: bytes[1]!, message: bytes.subarray(4).toString('utf8') };
}

describe('OTLP/HTTP receiver on bad requests', () => {
  it('answers 400 with a protobuf Status when a protobuf body cannot be decoded', async () => {
    const res = await postTraces(new Uint8Array([0x0a, 0xff, 0xff]), PROTOBUF);
    expect(res.status).toBe(400);
    expect(await readProtobufStatus(res)).toEqual({
      code: 3,
      message: expect.stringMatching(
        /^the body is not an OTLP protobuf ExportTraceServiceRequest: .+ at byte \d+$/,
      ) as string,
    });
  });

  it('answers 400 to a length prefix of a huge varint', async () => {
    const bytes = new Uint8Array([
      0x0a,
      ...new Array<number>(10).fill(0xff),
      0x01,
    ]);
    const res = await postTraces(bytes, PROTOBUF);
    expect(res.status).toBe(400);
    expect((await readProtobufStatus(res)).code).toBe(3);
  });

  it('answers 400 with a JSON Status when a JSON body is not JSON', async () => {
    const res = await postTraces('{"resourceSpans": [', JSON_TYPE);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 3,
      message: expect.stringMatching(/^the body is not JSON: /) as string,
    });
  });

  it('answers 400 to a protobuf body sent as JSON', async () => {
    const body = ProtobufTraceSerializer.serializeRequest(recordSdkSpans())!;
    const res = await postTraces(body, JSON_TYPE);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 3 });
  });

  it.each(['[]', '42', 'null', '"text"', '{"resourceSpans": {}}'])(
    'answers 400 to the JSON value %s, which is no request object',
    async (body) => {
      const res = await postTraces(body, JSON_TYPE);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        code: 3,
        message: expect.stringMatching(
          /^the body is not an OTLP JSON ExportTraceServiceRequest: /,
        ) as string,
      });
    },
  );

  it('answers 400 to a truncated gzip body', async () => {
    const body = ProtobufTraceSerializer.serializeRequest(recordSdkSpans())!;
    const gzipped = gzipSync(body);
    const res = await postTraces(gzipped.subarray(0, gzipped.length - 8), {
      ...PROTOBUF,
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(400);
    expect((await readProtobufStatus(res)).message).toMatch(
      /^the body is not valid gzip data: /,
    );
  });

  it('answers 413 to a body declared larger than the limit, without reading it', async () => {
    const res = await postTraces('x'.repeat(2000), JSON_TYPE, 1000);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      code: 8,
      message: 'the request body is larger than the limit of 1000 bytes',
    });
  });

  it('answers 413 to a chunked body that grows past the limit', async () => {
    collector = await startTestCollector({ maxBodyBytes: 1000 });
    const chunk = new Uint8Array(600);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk);
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await fetch(`${collector.urls.otlp!}/v1/traces`, {
      method: 'POST',
      body,
      headers: PROTOBUF,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await readProtobufStatus(res)).code).toBe(8);
  });

  it('answers 413 to a gzip body that inflates past the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(1_000_000));
    expect(bomb.length).toBeLessThan(10_000);
    const res = await postTraces(
      bomb,
      { ...PROTOBUF, 'content-encoding': 'gzip' },
      100_000,
    );
    expect(res.status).toBe(413);
    expect(await readProtobufStatus(res)).toEqual({
      code: 8,
      message: 'the request body is larger than the limit of 100000 bytes',
    });
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['no Content-Type', {}],
    ['a media type without a subtype', { 'content-type': 'protobuf' }],
  ])('answers 415 to %s', async (_name, headers) => {
    const res = await postTraces(new Uint8Array([1, 2, 3]), headers);
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: 3 });
  });

  it('answers 415 with a protobuf Status to an unknown Content-Encoding', async () => {
    const res = await postTraces(new Uint8Array([1]), {
      ...PROTOBUF,
      'content-encoding': 'zstd',
    });
    expect(res.status).toBe(415);
    expect((await readProtobufStatus(res)).message).toBe(
      'Content-Encoding zstd is not supported; use gzip, deflate, br or identity',
    );
  });

  it('stays up and stores valid requests after every bad one', async () => {
    for (const [body, headers] of [
      [new Uint8Array([0x0a, 0x05]), PROTOBUF],
      ['{', JSON_TYPE],
      [
        gzipSync('x').subarray(0, 5),
        { ...JSON_TYPE, 'content-encoding': 'gzip' },
      ],
    ] as const) {
      expect((await postTraces(body, headers)).status).toBe(400);
    }
    const body = ProtobufTraceSerializer.serializeRequest(recordSdkSpans())!;
    expect((await postTraces(body, PROTOBUF)).status).toBe(200);
    expect(await collector!.store.listServices()).toEqual([
      'frontend',
      'payments',
    ]);
  });
});
