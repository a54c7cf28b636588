// The seed's Kubernetes + Istio topology as the traces see it: one pod per
// service in namespace `e2e`, an ingress gateway in `istio-system`, and the
// Jaeger processes (service name + process tags) each of them reports under.

/** @typedef {import('./mulberry32.mjs').Rng} Rng */
/** @typedef {{ key: string, type: 'string' | 'bool' | 'int64' | 'float64', value: string | number | boolean }} JaegerTag */
/** @typedef {{ serviceName: string, tags: JaegerTag[] }} JaegerProcess */

/**
 * @typedef {object} AppPod
 * @property {string} app              `app-a`
 * @property {string} service          `svc-a`: the Python service's own spans
 * @property {string} clusterHost      `svc-a.e2e.svc.cluster.local`
 * @property {string} externalHost     `app-a.dtp.org`, the ingress host
 * @property {string} prefix           `/a/v1`
 * @property {string} ip
 * @property {string} nodeId           Envoy's node id, `sidecar~ip~pod.ns~ns.svc.cluster.local`
 * @property {JaegerProcess} sidecarProcess  `app-a.e2e`
 * @property {JaegerProcess} serviceProcess  `svc-a`
 */

/**
 * @typedef {object} Mesh
 * @property {Record<string, AppPod>} apps  by service letter
 * @property {{ ip: string, nodeId: string, process: JaegerProcess }} ingress
 */

export const NAMESPACE = 'e2e';
export const SERVICE_PORT = 5566;
const PYTHON_PROCESS_TAGS = [
  tag('telemetry.sdk.language', 'python'),
  tag('telemetry.sdk.name', 'opentelemetry'),
  tag('telemetry.sdk.version', '1.20.0'),
];

/**
 * Draws pod names and addresses. The returned objects are shared by every
 * generated trace: treat them as read-only.
 * @param {Rng} rng
 * @returns {Mesh}
 */
export function createMesh(rng) {
  const ingressIp = `10.244.0.${rng.int(2, 9)}`;
  const ingressPod = `istio-ingressgateway-${podSuffix(rng)}`;
  /** @type {Record<string, AppPod>} */
  const apps = {};
  for (const [i, letter] of ['a', 'b', 'c', 'd', 'e', 'f', 'g'].entries()) {
    const app = `app-${letter}`;
    const ip = `10.244.0.${10 + i * 3 + rng.int(0, 2)}`;
    const pod = `${app}-${podSuffix(rng)}`;
    apps[letter] = {
      app,
      service: `svc-${letter}`,
      clusterHost: `svc-${letter}.${NAMESPACE}.svc.cluster.local`,
      externalHost: `${app}.dtp.org`,
      prefix: `/${letter}/v1`,
      ip,
      nodeId: `sidecar~${ip}~${pod}.${NAMESPACE}~${NAMESPACE}.svc.cluster.local`,
      sidecarProcess: {
        serviceName: `${app}.${NAMESPACE}`,
        tags: [tag('ip', ip)],
      },
      serviceProcess: {
        serviceName: `svc-${letter}`,
        tags: PYTHON_PROCESS_TAGS,
      },
    };
  }
  return {
    apps,
    ingress: {
      ip: ingressIp,
      nodeId: `router~${ingressIp}~${ingressPod}.istio-system~istio-system.svc.cluster.local`,
      process: {
        serviceName: 'istio-ingressgateway.istio-system',
        tags: [tag('ip', ingressIp)],
      },
    },
  };
}

/**
 * A Kubernetes-style `<replicaset hash>-<pod hash>` suffix.
 * @param {Rng} rng
 * @returns {string}
 */
function podSuffix(rng) {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < 15; i++) {
    s += (i === 10 ? '-' : '') + alphabet[rng.int(0, alphabet.length - 1)];
  }
  return s;
}

/**
 * @param {string} key
 * @param {string} value
 * @returns {JaegerTag}
 */
function tag(key, value) {
  return { key, type: 'string', value };
}
