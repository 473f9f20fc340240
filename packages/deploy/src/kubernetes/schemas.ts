import * as keda from '@kubernetes-models/keda/keda.sh/v1alpha1';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as batch from 'kubernetes-models/batch/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as core from 'kubernetes-models/v1';

/** A model class of kubernetes-models: its schema check runs in `validate()`. */
interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: object): { validate(): void };
}

function isModelClass(value: unknown): value is ModelClass {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<ModelClass>).apiVersion === 'string' &&
    typeof (value as Partial<ModelClass>).kind === 'string'
  );
}

/**
 * The API groups our manifests may use, keyed "apiVersion/kind". The schemas are
 * kubernetes-models' (generated from the Kubernetes OpenAPI document) and
 * @kubernetes-models/keda's (from KEDA's CRDs). A kind outside these groups has
 * no schema here and fails validation rather than passing unchecked.
 */
export const MODELS: ReadonlyMap<string, ModelClass> = new Map(
  [apps, autoscaling, batch, networking, policy, core, keda]
    .flatMap((group): unknown[] => Object.values(group))
    .filter(isModelClass)
    .map((model) => [`${model.apiVersion}/${model.kind}`, model]),
);
