/**
 * The Jaeger agent's UDP ports: each datagram is one `Agent.emitBatch`
 * message, in the compact (6831) or binary (6832) Thrift protocol. UDP has no
 * answer and no headers, so there is no token and no back-pressure: a
 * datagram above the size limit (the agent's 65 000-byte default), one that
 * does not decode, or one the full write queue refuses is dropped and
 * counted (`pathprof_requests_rejected_total`, `pathprof_spans_rejected_total`),
 * never thrown. Spans are stored through the same write queue as every receiver.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { decodeJaegerAgentMessage } from '@pathprof/engine';
import type { ThriftProtocol } from '@pathprof/engine';
import { receiveWireBatch } from '../ingest/receive-wire-batch.js';
import type { CollectorContext } from '../server/collector-context.js';

export interface RunningUdpReceiver {
  readonly port: number;
  close(): Promise<void>;
}

export async function startJaegerUdpReceiver(
  context: CollectorContext,
  port: number,
  protocol: ThriftProtocol,
): Promise<RunningUdpReceiver> {
  const { log, metrics, options } = context;
  const receiver =
    protocol === 'compact' ? 'jaeger_thrift_compact' : 'jaeger_thrift_binary';
  const socket: Socket = createSocket({
    type: isIPv6(options.host) ? 'udp6' : 'udp4',
    // The kernel buffers bursts while a datagram's spans are decoded.
    recvBufferSize: 4 * 1024 * 1024,
  });
  const pending = new Set<Promise<unknown>>();
  socket.on('message', (datagram) => {
    if (datagram.length > options.maxUdpDatagramBytes) {
      metrics.requestRejected('too_large');
      return;
    }
    const done = receiveWireBatch(
      context,
      receiver,
      datagram,
      (bytes) => decodeJaegerAgentMessage(bytes, protocol),
      `a Jaeger agent emitBatch message (${protocol} Thrift)`,
    ).catch((err: unknown) => {
      log({
        level: 'error',
        msg: 'ingest request error',
        url: `udp:${protocol}`,
        error: err instanceof Error ? err.message : String(err),
      });
    });
    pending.add(done);
    void done.finally(() => pending.delete(done));
  });
  socket.on('error', (err) => {
    log({
      level: 'error',
      msg: 'udp receiver error',
      protocol,
      error: err.message,
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => {
      (err as Error & { port?: number }).port = port;
      reject(err);
    };
    socket.once('error', onError);
    socket.bind({ port, address: options.host }, () => {
      socket.off('error', onError);
      resolve();
    });
  });
  return {
    port: socket.address().port,
    close: async () => {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      await Promise.allSettled([...pending]);
    },
  };
}
