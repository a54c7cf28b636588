/**
 * The one POST route a receiver needs, in a Fastify scope of its own so its
 * raw-body parser and error handler leave the query routes of a shared port
 * alone. Per request: admission from the headers (`admitIngestRequest`)
 * and a free upload slot for the client's address (`upload-slots.ts`), the
 * raw body within its size, budget, rate and deadline
 * (`receiveIngestBody`), inflation within the budget, decoding, then the
 * durable write; the answer is sent only once the write queue resolved.
 */
import { CollectorError, isCollectorError } from '../collector-error.js';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { CollectorContext } from '../server/collector-context.js';
import type { AdmittedRequest } from './admit-ingest-request.js';
import {
  BUSY_RETRY_AFTER_SECONDS,
  admitIngestRequest,
  tooLargeMessage,
} from './admit-ingest-request.js';
import { getIngestBudget } from './ingest-budget.js';
import type { IngestFormat } from './ingest-format.js';
import { parseMediaType } from './parse-media-type.js';
import { decodeIngestBody } from './decode-ingest-body.js';
import type { BodyRefusal } from './receive-ingest-body.js';
import { receiveIngestBody } from './receive-ingest-body.js';
import { storeDecodedSpans, storeEncodedBatch } from './store-decoded-spans.js';
import { bodyKind, getSpanSizeEstimate } from './span-size-estimate.js';
import { getUploadSlots } from './upload-slots.js';

const EMPTY_BODY = Buffer.alloc(0);

interface InFlight {
  readonly admission: AdmittedRequest;
  /** `performance.now()` once the headers had arrived. */
  readonly startedAtMillis: number;
  readonly releaseSlot: () => void;
}

export function registerIngestRoute(
  app: FastifyInstance,
  context: CollectorContext,
  format: IngestFormat,
): void {
  const { metrics, options, queue } = context;
  const budget = getIngestBudget(context);
  const sizes = getSpanSizeEstimate(context);
  const slots = getUploadSlots(context);
  const maxBodyBytes = options.maxBodyBytes;
  const admitted = new WeakMap<IncomingMessage, InFlight>();
  // A body refused while it was arriving: the content parser hands the
  // error handler a PATHPROF_ERR_COLLECTOR_BODY_REFUSED error, and the
  // refusal (status, reason, Retry-After) under it here.
  const refusals = new WeakMap<CollectorError, BodyRefusal>();

  const sendError = (
    reply: FastifyReply,
    mediaType: string,
    status: number,
    message: string,
    retryAfterSeconds?: number,
  ): FastifyReply => {
    if (retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(retryAfterSeconds));
    }
    return format.sendError(reply, mediaType, status, message);
  };

  void app.register((scope, _opts, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (request, payload, done) => {
      const inFlight = admitted.get(request.raw);
      if (inFlight === undefined) {
        done(new Error('ingest body read without admission'), undefined);
        return;
      }
      void receiveIngestBody(payload, inFlight.admission.reservation, {
        maxBodyBytes,
        startedAtMillis: inFlight.startedAtMillis,
        deadlineMillis: options.requestTimeoutMillis,
        minBytesPerSecond: options.minBodyBytesPerSecond,
        minRateGraceMillis: options.minBodyRateGraceMillis,
      }).then((received) => {
        inFlight.releaseSlot();
        if (received.ok) {
          done(null, received.bytes);
        } else {
          // Fastify answers through the error handler, closing the connection.
          const error = new CollectorError(
            'PATHPROF_ERR_COLLECTOR_BODY_REFUSED',
            received.message,
          );
          refusals.set(error, received);
          done(error, undefined);
        }
      });
    });

    scope.addHook('onRequest', async (request, reply) => {
      const admission = admitIngestRequest(request.headers, format, {
        queue,
        budget,
        maxBodyBytes,
        expectedSpans: (bytes, mediaType, encoding) =>
          sizes.expectedSpans(
            bodyKind(format.path, mediaType, encoding),
            bytes,
          ),
        storeBacklog: () => context.store.writeBacklog(),
        underMemoryPressure: () => context.memory?.underPressure() ?? false,
      });
      if (!admission.ok) {
        metrics.requestRejected(admission.reason);
        return sendError(
          reply,
          admission.mediaType,
          admission.status,
          admission.message,
          admission.retryAfterSeconds,
        );
      }
      const address = request.socket.remoteAddress ?? '';
      const releaseSlot = slots.tryTake(address);
      if (releaseSlot === null) {
        admission.reservation.release();
        metrics.requestRejected('client_limit');
        // not worth reading the body of: close instead of draining it
        reply.header('connection', 'close');
        return sendError(
          reply,
          admission.mediaType,
          429,
          `${slots.maxPerClient} uploads from ${address} are in progress already; retry later`,
          BUSY_RETRY_AFTER_SECONDS,
        );
      }
      admitted.set(request.raw, {
        admission,
        startedAtMillis: performance.now(),
        releaseSlot,
      });
      // Whatever happens next (an error, a client gone), the bytes and the slot return.
      reply.raw.once('close', () => {
        admission.reservation.release();
        releaseSlot();
      });
      return undefined;
    });

    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const mediaType = parseMediaType(request.headers['content-type']);
      const refusal = isCollectorError(
        error,
        'PATHPROF_ERR_COLLECTOR_BODY_REFUSED',
      )
        ? refusals.get(error)
        : undefined;
      if (refusal !== undefined) {
        metrics.requestRejected(refusal.reason);
        return sendError(
          reply,
          mediaType,
          refusal.status,
          refusal.message,
          refusal.retryAfterSeconds,
        );
      }
      const status =
        typeof error.statusCode === 'number' && error.statusCode >= 400
          ? error.statusCode
          : 500;
      if (status === 413) {
        metrics.requestRejected('too_large');
        return sendError(reply, mediaType, 413, tooLargeMessage(maxBodyBytes));
      }
      if (status < 500) {
        metrics.requestRejected('decode');
        return sendError(reply, mediaType, status, error.message);
      }
      context.log({
        level: 'error',
        msg: 'ingest request error',
        url: request.url,
        error: error.message,
      });
      return sendError(reply, mediaType, 500, 'internal error');
    });

    scope.post(
      format.path,
      { bodyLimit: maxBodyBytes },
      async (request, reply) => {
        const inFlight = admitted.get(request.raw);
        if (inFlight === undefined) {
          throw new Error('ingest request handled without admission');
        }
        // A request without a body has not used its slot.
        inFlight.releaseSlot();
        const { admission } = inFlight;
        const { mediaType } = admission;
        const raw = Buffer.isBuffer(request.body) ? request.body : EMPTY_BODY;
        request.body = undefined;
        // A decode worker takes the body's buffer over: its size is read first.
        const rawBytes = raw.length;
        const pool = context.decodePool;
        const decoded = await decodeIngestBody(
          raw,
          admission,
          format,
          maxBodyBytes,
          pool === undefined
            ? undefined
            : {
                pool,
                format: context.store.batchFormat,
                receivedMicros: context.nowMicros(),
              },
        );
        if (!decoded.ok) {
          metrics.requestRejected(decoded.reason);
          return sendError(
            reply,
            mediaType,
            decoded.status,
            decoded.message,
            decoded.retryAfterSeconds,
          );
        }
        // The body is gone; from here on the spans are bounded by the write queue.
        admission.reservation.release();
        const kind = bodyKind(format.path, mediaType, admission.encoding);
        let outcome;
        if ('encoded' in decoded) {
          sizes.observe(kind, rawBytes, decoded.encoded.received);
          outcome = await storeEncodedBatch(
            context,
            decoded.receiver,
            decoded.encoded,
          );
        } else if (decoded.spans === null) {
          return format.sendAccepted(reply, mediaType, 0, '');
        } else {
          sizes.observe(
            kind,
            rawBytes,
            decoded.spans.spans.length + decoded.spans.rejected,
          );
          outcome = await storeDecodedSpans(
            context,
            decoded.receiver,
            decoded.spans,
          );
        }
        return outcome.ok
          ? format.sendAccepted(
              reply,
              mediaType,
              outcome.rejected,
              outcome.message,
            )
          : sendError(
              reply,
              mediaType,
              outcome.status,
              outcome.message,
              outcome.retryAfterSeconds,
            );
      },
    );
    done();
  });
}
