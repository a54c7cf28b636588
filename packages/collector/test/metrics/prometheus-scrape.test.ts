/**
 * A real Prometheus scrapes two collectors: one open, one behind a bearer
 * token (scraped once with the token and once with a wrong one), then the
 * series are read back through Prometheus' query API. CI installs the
 * binary (`apt-get install prometheus`); elsewhere the test skips without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { hopSpan, requestSpans } from './hop-span.js';
import { findPrometheus, startPrometheus } from './prometheus-server.js';
import type {
  PrometheusSample,
  PrometheusServer,
} from './prometheus-server.js';

const IN_CI = !['', '0', 'false', undefined].includes(process.env['CI']);
const BINARY = findPrometheus();
const MISSING =
  'prometheus not found on PATH nor at /usr/bin/prometheus; CI must install it (apt-get install prometheus)';
const DEADLINE_MILLIS = 60_000;
const TOKEN = 'scrape-s3cret';
const A3 = 'svc-a:a3';
const A3_E1 = 'svc-a:a3 > svc-e:e1';
const UNICODE = 'svc-é:"ünï" > svc-🚀:go';

/** Polls `read` until it returns a value, or throws with the last result at the deadline. */
async function waitFor<T>(
  read: () => Promise<T | undefined>,
  what: string,
): Promise<T> {
  const deadline = Date.now() + DEADLINE_MILLIS;
  for (;;) {
    const value = await read();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Prometheus never showed ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const byJobAndPath = (samples: PrometheusSample[]): Record<string, number> =>
  Object.fromEntries(
    samples.map((s) => [`${s.metric['job']} ${s.metric['path']}`, s.value]),
  );

describe.skipIf(BINARY === undefined && !IN_CI)(
  'scraping /metrics with a real Prometheus',
  () => {
    let open: TestCollector | undefined;
    let secured: TestCollector | undefined;
    let prometheus: PrometheusServer | undefined;

    beforeAll(async () => {
      if (BINARY === undefined) {
        throw new Error(MISSING);
      }
      const queryOnly = { otlpPort: null, zipkinPort: null } as const;
      open = await startTestCollector(queryOnly);
      secured = await startTestCollector({ ...queryOnly, token: TOKEN });
      open.metrics.observeStoredSpans([
        ...requestSpans(['svc-a:a3', 'svc-e:e1']),
        ...requestSpans(['svc-a:a3', 'svc-e:e1']),
        hopSpan({ path: [A3], status: 'error' }),
      ]);
      secured.metrics.observeStoredSpans([hopSpan({ path: UNICODE })]);
      const target = (c: TestCollector): object[] => [
        { targets: [`127.0.0.1:${c.ports.query!}`] },
      ];
      prometheus = await startPrometheus(
        BINARY,
        [
          { job_name: 'open', static_configs: target(open) },
          {
            job_name: 'secured',
            authorization: { credentials: TOKEN },
            static_configs: target(secured),
          },
          {
            job_name: 'wrong-token',
            authorization: { credentials: 'not-the-token' },
            static_configs: target(secured),
          },
        ],
        Date.now() + DEADLINE_MILLIS,
      );
    }, DEADLINE_MILLIS + 15_000);

    afterAll(async () => {
      await prometheus?.stop();
      await open?.close();
      await secured?.close();
    }, 20_000);

    it(
      'stores the per-path request counts with their path labels',
      async () => {
        const expected = {
          [`open ${A3}`]: 3,
          [`open ${A3_E1}`]: 2,
          [`secured ${UNICODE}`]: 1,
        };
        const seen = await waitFor(async () => {
          const samples = await prometheus!.query(
            'pathprof_path_requests_total',
          );
          const found = byJobAndPath(samples);
          return Object.keys(found).length === 3 ? found : undefined;
        }, 'pathprof_path_requests_total of both jobs');
        expect(seen).toEqual(expected);
        const errors = await prometheus!.query(
          'pathprof_path_errors_total{job="open"}',
        );
        expect(byJobAndPath(errors)).toEqual({
          [`open ${A3}`]: 1,
          [`open ${A3_E1}`]: 0,
        });
      },
      DEADLINE_MILLIS + 5_000,
    );

    it(
      'marks the target down when the scrape token is wrong',
      async () => {
        const up = await waitFor(async () => {
          const samples = await prometheus!.query('up');
          return samples.length === 3 ? samples : undefined;
        }, 'up of all three jobs');
        const byJob = Object.fromEntries(
          up.map((s): [string, number] => [s.metric['job'] ?? '', s.value]),
        );
        expect(byJob).toEqual({ open: 1, secured: 1, 'wrong-token': 0 });
      },
      DEADLINE_MILLIS + 5_000,
    );
  },
);
