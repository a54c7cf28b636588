import {
  callRoute,
  defineService,
  profiledRoute,
  unprofiledRoute,
} from './service-definition.js';

export const SVC_C = defineService('svc-c', '/c', 'v1', [
  profiledRoute('c1'),
  // left undecorated on purpose: /a4's path misses this hop ("non-complete call path")
  unprofiledRoute('c2skip', callRoute('svc-e', 'e2')),
]);
