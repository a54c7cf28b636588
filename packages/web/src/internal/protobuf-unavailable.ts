/**
 * Stands in for `protobufjs/minimal` in the browser bundle. The engine's
 * quantile sketch library (@datadog/sketches-js) requires it lazily, only to
 * serialise sketches to protobuf, which the UI never does; the package is
 * not installed, so the bundler gets this empty module instead.
 */
const unavailable: Record<string, never> = {};
export default unavailable;
