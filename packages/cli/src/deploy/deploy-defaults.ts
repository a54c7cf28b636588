/**
 * The defaults `pathprof deploy --help` shows, apart from the settings
 * parser (which loads the showcase's system list): help stays quick.
 */
/** The seed needed 4 CPUs and 10 GiB for Istio's demo profile and its addons. */
export const DEFAULT_CPUS = 4;
export const DEFAULT_MEMORY_MIB = 10240;
export const DEFAULT_PROFILE = 'pathprof';
/** The Istio release whose sample addons are applied; match your istioctl. */
export const DEFAULT_ISTIO_RELEASE = '1.29';
