import { defineService, profiledRoute } from './service-definition.js';

export const SVC_D = defineService('svc-d', '/d', 'v1', [
  profiledRoute('d1'),
  profiledRoute('d2'),
]);
