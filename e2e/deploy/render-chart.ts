/** `helm template` of deploy/helm/pathprof, parsed into objects. */
import { parseAllDocuments } from 'yaml';
import { runHelm } from './helm-binary.js';

export const CHART = 'deploy/helm/pathprof';
export const VALUES_FILES = [
  'values.yaml',
  'values-multi-svc.yaml',
  'values-toy.yaml',
] as const;

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly spec?: Record<string, unknown>;
  readonly data?: Record<string, string>;
}

export function renderChart(
  valuesFile: string,
  extraArgs: readonly string[] = [],
): K8sObject[] {
  const result = runHelm([
    'template',
    'pathprof',
    CHART,
    '--namespace',
    'pathprof',
    '-f',
    `${CHART}/${valuesFile}`,
    ...extraArgs,
  ]);
  if (result.code !== 0) {
    throw new Error(`helm template failed: ${result.stderr}`);
  }
  return parseAllDocuments(result.stdout)
    .map((doc) => {
      if (doc.errors.length > 0) {
        throw new Error(
          `rendered YAML does not parse: ${doc.errors[0]!.message}`,
        );
      }
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

export function findObjects(
  objects: readonly K8sObject[],
  kind: string,
): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}
