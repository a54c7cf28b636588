/**
 * A sender that trickles an HTTP request over a raw socket, as a slow or
 * hostile client would: headers, then a few body bytes per tick. The test
 * reads how (and when) the server answered or closed the connection.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';

export interface SlowUploadOptions {
  /** `http://127.0.0.1:port` */
  readonly baseUrl: string;
  readonly path: string;
  readonly contentType?: string;
  /** Declared length; without it the body is sent chunked. */
  readonly contentLength?: number;
  /** Body bytes written per tick (default 1). */
  readonly bytesPerTick?: number;
  readonly tickMillis: number;
  /** Headers sent a byte per tick instead of at once. */
  readonly slowHeaders?: boolean;
  /** The local address to connect from, e.g. 127.0.0.2 for a second client. */
  readonly localAddress?: string;
}

export interface SlowUploadAnswer {
  /** The status code of the answer, or null when the server closed without one. */
  readonly status: number | null;
  readonly head: string;
  readonly body: string;
  /** Body bytes the sender had written when the connection closed. */
  readonly bytesSent: number;
  readonly millis: number;
}

export interface SlowUpload {
  /** Settles once the server closed the connection (or `stop` was called). */
  readonly answer: Promise<SlowUploadAnswer>;
  readonly bytesSent: () => number;
  stop(): void;
}

export function startSlowUpload(options: SlowUploadOptions): SlowUpload {
  const url = new URL(options.baseUrl);
  const started = performance.now();
  const socket: Socket = connect({
    host: url.hostname,
    port: Number(url.port),
    ...(options.localAddress === undefined
      ? {}
      : { localAddress: options.localAddress }),
  });
  const head =
    `POST ${options.path} HTTP/1.1\r\n` +
    `Host: ${url.host}\r\n` +
    `Content-Type: ${options.contentType ?? 'application/x-protobuf'}\r\n` +
    (options.contentLength === undefined
      ? 'Transfer-Encoding: chunked\r\n'
      : `Content-Length: ${options.contentLength}\r\n`) +
    '\r\n';
  const perTick = options.bytesPerTick ?? 1;
  let headSent = options.slowHeaders === true ? 0 : head.length;
  let bytesSent = 0;
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('error', () => undefined);
  socket.once('connect', () => {
    if (headSent === head.length) {
      socket.write(head);
    }
  });
  const timer = setInterval(() => {
    if (!socket.writable || socket.connecting) {
      return;
    }
    if (headSent < head.length) {
      socket.write(head[headSent]!);
      headSent++;
      return;
    }
    let n = perTick;
    if (options.contentLength !== undefined) {
      n = Math.min(n, options.contentLength - bytesSent);
      if (n <= 0) {
        return;
      }
    }
    // 0x0a is not a valid start of any body the receivers accept
    const bytes = Buffer.alloc(n, 0x0a);
    socket.write(
      options.contentLength === undefined
        ? Buffer.concat([
            Buffer.from(`${n.toString(16)}\r\n`),
            bytes,
            Buffer.from('\r\n'),
          ])
        : bytes,
    );
    bytesSent += n;
  }, options.tickMillis);

  const answer = new Promise<SlowUploadAnswer>((resolve) => {
    socket.once('close', () => {
      clearInterval(timer);
      const text = Buffer.concat(received).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({
        status: status === null ? null : Number(status[1]),
        head: split < 0 ? text : text.slice(0, split),
        body: split < 0 ? '' : text.slice(split + 4),
        bytesSent,
        millis: performance.now() - started,
      });
    });
  });
  return {
    answer,
    bytesSent: () => bytesSent,
    stop() {
      clearInterval(timer);
      socket.destroy();
    },
  };
}
