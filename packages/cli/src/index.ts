// Exports added here are public: list each one by name.
export { main, EXIT_OK, EXIT_FAILURE, EXIT_USAGE } from './main.js';
export type { CliIo } from './shared/cli-io.js';
export { runServe } from './serve/run-serve.js';
export type { ServeFlags } from './serve/run-serve.js';
export { buildMeshConfig } from './deploy/istio-mesh-config.js';
export type { MeshObject, MeshValue } from './deploy/istio-mesh-config.js';
export { listShowcaseImages } from './deploy/showcase-images.js';
