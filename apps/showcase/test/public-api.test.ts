import { expect, it } from 'vitest';
import * as showcase from '../src/index.js';

it('exports exactly the documented public API', () => {
  expect(Object.keys(showcase).sort()).toEqual([
    'DEFAULT_PORT',
    'DEFAULT_START_TIMEOUT_MILLIS',
    'DEFAULT_STOP_GRACE_MILLIS',
    'MULTI_SVC_SERVICES',
    'SDK_MODES',
    'SDK_MODE_ENV',
    'SERVICE_ENTRY',
    'SHOWCASE_ERROR_CODES',
    'SHOWCASE_SYSTEMS',
    'SHOWCASE_SYSTEM_NAMES',
    'ShowcaseError',
    'TWIN_SUFFIX',
    'buildDownstreamUrl',
    'findMultiSvcService',
    'formatDownstreamServices',
    'isShowcaseError',
    'isShowcaseSystemName',
    'listDownstreamServices',
    'parseDownstreamServices',
    'startShowcase',
  ]);
});
