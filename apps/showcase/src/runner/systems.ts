/** The showcase systems the local runner starts: which services, mounted where, calling whom. */
import {
  listDownstreamServices,
  MULTI_SVC_SERVICES,
} from '../services/multi-svc.js';
import { ROLLDICE_APP } from '../services/showcase-apps.js';

export type ShowcaseSystemName = 'multi-svc' | 'toy';

export const SHOWCASE_SYSTEM_NAMES: readonly ShowcaseSystemName[] = [
  'multi-svc',
  'toy',
];

export interface ServiceLayout {
  /** `SVC_NAME`. */
  readonly name: string;
  /** `SHOWCASE_APP`: the code it runs. */
  readonly app: string;
  readonly prefix: string;
  readonly version: string;
  /** Names of the services it calls (its `DOWNSTREAM_SVCS`). */
  readonly downstream: readonly string[];
}

export interface ShowcaseSystem {
  readonly name: ShowcaseSystemName;
  /** Entry service first. */
  readonly services: readonly ServiceLayout[];
  /** Example requests, as `service` + path below its mount. */
  readonly examples: readonly { service: string; route: string }[];
}

export const SHOWCASE_SYSTEMS: Readonly<
  Record<ShowcaseSystemName, ShowcaseSystem>
> = {
  'multi-svc': {
    name: 'multi-svc',
    services: MULTI_SVC_SERVICES.map((s) => ({
      name: s.name,
      app: s.name,
      prefix: s.prefix,
      version: s.version,
      downstream: listDownstreamServices(s),
    })),
    examples: ['a1', 'a2', 'a3', 'a4', 'a1n'].map((route) => ({
      service: 'svc-a',
      route,
    })),
  },
  toy: {
    name: 'toy',
    services: [
      {
        name: 'rolldice-a',
        app: ROLLDICE_APP,
        prefix: '/app_a',
        version: 'v1',
        downstream: [],
      },
      {
        name: 'rolldice-b',
        app: ROLLDICE_APP,
        prefix: '/app_b',
        version: 'v1',
        downstream: [],
      },
    ],
    examples: [
      { service: 'rolldice-a', route: 'rolldice' },
      { service: 'rolldice-a', route: 'rolldice/3' },
      { service: 'rolldice-b', route: 'home' },
      { service: 'rolldice-b', route: 'rolldice/2' },
    ],
  },
};

export function isShowcaseSystemName(name: string): name is ShowcaseSystemName {
  return (SHOWCASE_SYSTEM_NAMES as readonly string[]).includes(name);
}
