// Exports added here are public: list each one by name.

/**
 * The seed's showcase systems in TypeScript: "multi-svc" (svc-a … svc-g) and
 * "toy" (rolldice-a, rolldice-b), and a local runner that starts them.
 */
export {
  startShowcase,
  SERVICE_ENTRY,
  DEFAULT_START_TIMEOUT_MILLIS,
  DEFAULT_STOP_GRACE_MILLIS,
} from './runner/start-showcase.js';
export type {
  StartShowcaseOptions,
  RunningShowcase,
  ShowcaseService,
  ShowcaseLogLine,
} from './runner/start-showcase.js';
export {
  ShowcaseError,
  SHOWCASE_ERROR_CODES,
  isShowcaseError,
} from './showcase-error.js';
export type {
  ShowcaseErrorCode,
  ShowcaseStartFailure,
} from './showcase-error.js';
export {
  SHOWCASE_SYSTEMS,
  SHOWCASE_SYSTEM_NAMES,
  isShowcaseSystemName,
} from './runner/systems.js';
export type {
  ShowcaseSystem,
  ShowcaseSystemName,
  ServiceLayout,
} from './runner/systems.js';
export {
  MULTI_SVC_SERVICES,
  findMultiSvcService,
  listDownstreamServices,
} from './services/multi-svc.js';
export { TWIN_SUFFIX } from './services/service-definition.js';
export type {
  ServiceDefinition,
  RouteDefinition,
  RouteRef,
  Step,
} from './services/service-definition.js';
export {
  parseDownstreamServices,
  formatDownstreamServices,
  buildDownstreamUrl,
} from './config/downstream.js';
export type { DownstreamService } from './config/downstream.js';
export {
  DEFAULT_PORT,
  SDK_MODE_ENV,
  SDK_MODES,
} from './config/service-config.js';
export type { SdkMode } from './config/service-config.js';
