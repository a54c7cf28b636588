import {
  callConcurrently,
  callRoute,
  defineService,
  profiledRoute,
} from './service-definition.js';

/** The entry service: a1…a4, one per call path of the seed. */
export const SVC_A = defineService('svc-a', '/a', 'v1', [
  profiledRoute('a1', callRoute('svc-b', 'b1')),
  profiledRoute('a2', callRoute('svc-b', 'b2')),
  profiledRoute(
    'a3',
    callConcurrently(
      { service: 'svc-e', route: 'e1' },
      { service: 'svc-g', route: 'g1' },
    ),
  ),
  profiledRoute('a4', callRoute('svc-c', 'c2skip')),
]);
