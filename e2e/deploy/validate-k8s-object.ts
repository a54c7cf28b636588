/**
 * Validates a rendered object against the Kubernetes (kubernetes-models) or
 * Istio (@kubernetes-models/istio) schema of its apiVersion and kind. A kind
 * without a schema here is an error, so nothing goes unchecked.
 */
import { Gateway } from '@kubernetes-models/istio/networking.istio.io/v1/Gateway';
import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import { Telemetry } from '@kubernetes-models/istio/telemetry.istio.io/v1/Telemetry';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import type { K8sObject } from './render-chart.js';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

const MODELS: Readonly<Record<string, ModelClass>> = {
  'apps/v1 Deployment': Deployment as unknown as ModelClass,
  'batch/v1 Job': Job as unknown as ModelClass,
  'autoscaling/v2 HorizontalPodAutoscaler':
    HorizontalPodAutoscaler as unknown as ModelClass,
  'v1 ConfigMap': ConfigMap as unknown as ModelClass,
  'v1 Namespace': Namespace as unknown as ModelClass,
  'v1 PersistentVolumeClaim': PersistentVolumeClaim as unknown as ModelClass,
  'v1 Service': Service as unknown as ModelClass,
  'networking.istio.io/v1 Gateway': Gateway as unknown as ModelClass,
  'networking.istio.io/v1 VirtualService':
    VirtualService as unknown as ModelClass,
  'telemetry.istio.io/v1 Telemetry': Telemetry as unknown as ModelClass,
};

export function validateK8sObject(object: K8sObject): void {
  const key = `${object.apiVersion} ${object.kind}`;
  const Model = MODELS[key];
  if (Model === undefined) {
    throw new Error(`no schema for ${key} (${object.metadata.name})`);
  }
  new Model(object as never).validate();
}
