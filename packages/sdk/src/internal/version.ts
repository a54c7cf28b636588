/** Name and version the SDK's tracer reports as its instrumentation scope. */
export const SDK_NAME = '@pathprof/sdk';
export const SDK_VERSION = '0.0.0';
