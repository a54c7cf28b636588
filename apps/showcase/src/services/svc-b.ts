import {
  callRoute,
  defineService,
  profiledRoute,
} from './service-definition.js';

export const SVC_B = defineService('svc-b', '/b', 'v1', [
  profiledRoute('b1', callRoute('svc-c', 'c1')),
  profiledRoute('b2', callRoute('svc-d', 'd1')),
]);
