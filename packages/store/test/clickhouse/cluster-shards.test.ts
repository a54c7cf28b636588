import { describe, expect, it } from 'vitest';
import { deriveShardUrls } from '../../src/clickhouse/cluster-shards.js';

describe('deriveShardUrls', () => {
  it('keeps the entry URL’s scheme, port, user and password for each host', () => {
    expect(deriveShardUrls('https://u:p@ch-lb:8443', ['ch-1', 'ch-2'])).toEqual(
      ['https://u:p@ch-1:8443/', 'https://u:p@ch-2:8443/'],
    );
  });

  it('puts brackets around IPv6 host names', () => {
    expect(deriveShardUrls('http://127.0.0.1:8123', ['::1'])).toEqual([
      'http://[::1]:8123/',
    ]);
  });
});
