import {
  callRoute,
  defineService,
  profiledRoute,
  sleepFor,
} from './service-definition.js';

/** The pause between e1's two sequential calls, as in the seed. */
export const E1_PAUSE_MILLIS = 200;

export const SVC_E = defineService('svc-e', '/e', 'v1', [
  profiledRoute(
    'e1',
    callRoute('svc-f', 'f1'),
    sleepFor(E1_PAUSE_MILLIS),
    callRoute('svc-d', 'd2'),
  ),
  profiledRoute('e2'),
]);
