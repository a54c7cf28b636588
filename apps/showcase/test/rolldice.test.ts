import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRollCounter } from '../src/services/roll-counter.js';
import {
  createRolldiceRoutes,
  MAX_DICE,
  parseDiceCount,
  ROLLDICE_MESSAGES,
} from '../src/services/rolldice.js';
import { selectShowcaseApp } from '../src/services/showcase-apps.js';
import type { RecordingInstrumentation, TestService } from './helpers.js';
import {
  createRecordingInstrumentation,
  get,
  startTestService,
} from './helpers.js';

describe('parseDiceCount', () => {
  it('reads no count as one die', () => {
    expect(parseDiceCount(undefined)).toBe(1);
  });

  it.each([
    ['1', 1],
    ['3', 3],
    [String(MAX_DICE), MAX_DICE],
  ])('reads %s', (text, count) => {
    expect(parseDiceCount(text)).toBe(count);
  });

  it.each(['0', '-2', '2.5', 'abc', '', '1e3', String(MAX_DICE + 1)])(
    'rejects %j',
    (text) => {
      expect(parseDiceCount(text)).toBeNull();
    },
  );
});

describe('the rolldice service', () => {
  let service: TestService;
  let instrumentation: RecordingInstrumentation;
  const counter = createRollCounter();
  let next = 0;
  const sequence = [0.0, 0.5, 0.99]; // rolls 1, 4, 6

  beforeAll(async () => {
    instrumentation = createRecordingInstrumentation();
    const routes = createRolldiceRoutes({
      serviceName: 'rolldice-a',
      instrumentation,
      counter,
      random: () => sequence[next++ % sequence.length]!,
    });
    service = await startTestService('/app_a/v1', routes, () =>
      counter.render(),
    );
  });

  afterAll(() => service.close());

  it('profiles the rolldice handler and the inner roll function', () => {
    expect([...instrumentation.profiledNames].sort()).toEqual([
      'roll',
      'rolldice',
    ]);
  });

  it('greets at / and /home, unprofiled', async () => {
    instrumentation.calls.length = 0;
    for (const path of ['/app_a/v1', '/app_a/v1/', '/app_a/v1/home']) {
      const answer = await get(`${service.url}${path}`);
      expect(answer).toMatchObject({
        status: 200,
        body: ROLLDICE_MESSAGES.greeting('rolldice-a'),
      });
    }
    expect(instrumentation.calls).toEqual([]);
  });

  it('rolls three dice in one nested profiled call, counting each value', async () => {
    instrumentation.calls.length = 0;
    next = 0;
    const answer = await get(`${service.url}/app_a/v1/rolldice/3`);
    expect(answer).toMatchObject({
      status: 200,
      body: 'rolldice-a rolled 3 dice: 1 4 6 (total 11)\n',
    });
    expect(instrumentation.calls).toEqual(['rolldice', 'roll']);
    next = 0;
    expect((await get(`${service.url}/app_a/v1/rolldice`)).body).toBe(
      'rolldice-a rolled a die: 1 (total 1)\n',
    );
    expect((await get(`${service.url}/metrics`)).body).toBe(
      [
        '# HELP roll_counter The number of rolls by roll value.',
        '# TYPE roll_counter counter',
        'roll_counter{roll_value="1"} 2',
        'roll_counter{roll_value="4"} 1',
        'roll_counter{roll_value="6"} 1',
        '',
      ].join('\n'),
    );
  });

  it.each(['0', '2.5', 'many'])(
    'answers a polite 400 for the count %s',
    async (count) => {
      instrumentation.calls.length = 0;
      const answer = await get(`${service.url}/app_a/v1/rolldice/${count}`);
      expect(answer).toMatchObject({
        status: 400,
        body: ROLLDICE_MESSAGES.badCount(count),
      });
      expect(instrumentation.calls).toEqual(['rolldice']);
    },
  );
});

describe('selectShowcaseApp', () => {
  it('picks the multi-svc service named by SVC_NAME', () => {
    const app = selectShowcaseApp({ SVC_NAME: 'svc-e' });
    expect(app?.kind === 'multi-svc' && app.definition.name).toBe('svc-e');
  });

  it('picks rolldice for rolldice-a and rolldice-b', () => {
    expect(selectShowcaseApp({ SVC_NAME: 'rolldice-b' })).toEqual({
      kind: 'rolldice',
    });
  });

  it('lets SHOWCASE_APP override SVC_NAME', () => {
    expect(
      selectShowcaseApp({ SVC_NAME: 'dice', SHOWCASE_APP: 'rolldice' }),
    ).toEqual({
      kind: 'rolldice',
    });
  });

  it('returns null for an unknown service', () => {
    expect(selectShowcaseApp({ SVC_NAME: 'svc-z' })).toBeNull();
    expect(selectShowcaseApp({})).toBeNull();
  });
});
