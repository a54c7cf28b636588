import { defineService, profiledRoute } from './service-definition.js';

export const SVC_F = defineService('svc-f', '/f', 'v1', [
  profiledRoute('f1'),
  profiledRoute('f2'),
]);
