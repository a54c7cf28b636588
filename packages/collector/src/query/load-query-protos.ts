/**
 * The message types of Jaeger's gRPC query APIs, read with protobufjs from
 * the package's own `.proto` files (`proto/`, written from jaeger-idl's field
 * numbers; see proto/README.md). Loaded once, on first use.
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** `proto/` of this package, from `src/query/` and `dist/query/` alike. */
const PROTO_DIR = fileURLToPath(new URL('../../proto/', import.meta.url));

let root: protobuf.Root | undefined;

export function lookupQueryType(name: string): protobuf.Type {
  if (root === undefined) {
    const loaded = new protobuf.Root();
    // google/protobuf/*.proto are protobufjs's bundled well-known types.
    loaded.resolvePath = (_origin, target) =>
      target.startsWith('google/') ? target : PROTO_DIR + target;
    loaded.loadSync([
      'jaeger/api_v2/query.proto',
      'jaeger/api_v3/query_service.proto',
    ]);
    root = loaded;
  }
  return root.lookupType(name);
}
