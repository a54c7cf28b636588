/** GET on another service with node:http (so the SDK's HTTP instrumentation sees the call). */
import http from 'node:http';
import type { OutgoingHttpHeaders } from 'node:http';
import { ShowcaseError, isShowcaseError } from '../showcase-error.js';

export const DOWNSTREAM_TIMEOUT_MILLIS = 10_000;

/** The response body of `url`; rejects on a connection error, a timeout or a status ≥ 400. */
export function callDownstream(
  url: string,
  headers: OutgoingHttpHeaders,
  timeoutMillis = DOWNSTREAM_TIMEOUT_MILLIS,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'GET', headers, timeout: timeoutMillis },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 400) {
            reject(
              new ShowcaseError(
                'SHOWCASE_ERR_DOWNSTREAM',
                `${url} answered ${status}: ${body}`,
              ),
            );
          } else {
            resolve(body);
          }
        });
      },
    );
    req.on('timeout', () => {
      req.destroy(
        new ShowcaseError(
          'SHOWCASE_ERR_DOWNSTREAM',
          `${url} did not answer within ${timeoutMillis} ms`,
        ),
      );
    });
    req.on('error', (err) =>
      reject(
        isShowcaseError(err, 'SHOWCASE_ERR_DOWNSTREAM')
          ? err
          : new ShowcaseError(
              'SHOWCASE_ERR_DOWNSTREAM',
              `${url}: ${err.message}`,
            ),
      ),
    );
    req.end();
  });
}
