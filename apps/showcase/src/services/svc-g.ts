import { defineService, profiledRoute } from './service-definition.js';

export const SVC_G = defineService('svc-g', '/g', 'v1', [
  profiledRoute('g1'),
  profiledRoute('g2'),
]);
