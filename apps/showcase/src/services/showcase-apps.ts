/**
 * Which service a process runs: `SHOWCASE_APP` names it (`svc-a` … `svc-g`
 * or `rolldice`); without it, `SVC_NAME` decides (a multi-svc name, or a name
 * starting with `rolldice`, as `rolldice-a`).
 */
import type { Env } from '../config/service-config.js';
import { findMultiSvcService } from './multi-svc.js';
import type { ServiceDefinition } from './service-definition.js';

export const ROLLDICE_APP = 'rolldice';

export type ShowcaseApp =
  | { readonly kind: 'multi-svc'; readonly definition: ServiceDefinition }
  | { readonly kind: 'rolldice' };

/** Defaults of the rolldice service when the environment gives none. */
export const ROLLDICE_DEFAULTS = {
  serviceName: 'rolldice',
  apiPrefix: '/app',
  apiVersion: 'v1',
} as const;

/** The app a process runs, or null when neither variable names one. */
export function selectShowcaseApp(env: Env): ShowcaseApp | null {
  const name = (env.SHOWCASE_APP ?? env.SVC_NAME ?? '').trim();
  if (name === ROLLDICE_APP || name.startsWith(`${ROLLDICE_APP}-`)) {
    return { kind: 'rolldice' };
  }
  const definition = findMultiSvcService(name);
  return definition === undefined ? null : { kind: 'multi-svc', definition };
}
