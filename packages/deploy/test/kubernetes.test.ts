import { fileURLToPath } from 'node:url';
import { WorkerEnv } from '@fluentmeet/email-worker';
import { describe, expect, it } from 'vitest';
import {
  RenderError,
  renderKustomization,
  validateObjects,
  type KubernetesObject,
} from '../src/index.js';

const infra = fileURLToPath(new URL('../../../infra/kubernetes/', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

interface Container {
  name: string;
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
}
interface ContainerRefs {
  envFrom?: { configMapRef?: { name: string } }[];
}
interface PodSpec {
  terminationGracePeriodSeconds?: number;
  containers: Container[];
}

function find(objects: KubernetesObject[], kind: string, name: string): KubernetesObject {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return found;
}
const podSpec = (object: KubernetesObject) =>
  (object as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
const configValue = (objects: KubernetesObject[], prefix: string, key: string) =>
  objects
    .filter((o) => o.kind === 'ConfigMap' && String(o.metadata?.name).startsWith(prefix))
    .map((o) => (o as { data?: Record<string, string> }).data?.[key])
    .find((value) => value !== undefined);

describe.each(['dev', 'production'])('the %s overlay', (overlay) => {
  let rendered: Promise<KubernetesObject[]> | undefined;
  const objects = () => (rendered ??= renderKustomization(`${infra}overlays/${overlay}`));

  it('renders objects that all conform to their API schemas', async () => {
    const all = await objects();
    expect(all.map((o) => o.kind)).toEqual(
      expect.arrayContaining(['Deployment', 'PodDisruptionBudget', 'ScaledObject', 'Job']),
    );
    expect(validateObjects(all)).toEqual([]);
  });

  it('gives the worker more grace than its shutdown timeout', async () => {
    const all = await objects();
    const shutdownMs = Number(
      configValue(all, 'fluentmeet-worker', 'SHUTDOWN_TIMEOUT_MS') ??
        WorkerEnv.properties.SHUTDOWN_TIMEOUT_MS.default,
    );
    const grace = podSpec(find(all, 'Deployment', 'email-worker')).terminationGracePeriodSeconds;
    expect(grace! * 1000).toBeGreaterThan(shutdownMs);
  });

  it('never scales the worker past the partition count of its topic', async () => {
    const all = await objects();
    const topicsJob = podSpec(find(all, 'Job', 'kafka-topics')).containers[0]!;
    const partitions = Number(
      topicsJob.env?.find((e) => e.name === 'KAFKA_TOPIC_PARTITIONS')?.value,
    );
    const scaled = find(all, 'ScaledObject', 'email-worker') as unknown as {
      spec: { maxReplicaCount: number; minReplicaCount: number };
    };
    expect(partitions).toBeGreaterThan(0);
    expect(scaled.spec.maxReplicaCount).toBeLessThanOrEqual(partitions);
    expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
  });

  it('keeps the Mailgun key and the database URL in a Secret, never in a ConfigMap', async () => {
    const all = await objects();
    for (const configMap of all.filter((o) => o.kind === 'ConfigMap')) {
      const keys = Object.keys((configMap as { data?: object }).data ?? {});
      expect(keys).not.toContain('MAILGUN_API_KEY');
      expect(keys).not.toContain('DATABASE_URL');
    }
    const secretRefs = (object: KubernetesObject) =>
      podSpec(object)
        .containers.flatMap((c) => c.env ?? [])
        .filter((e) => e.valueFrom?.secretKeyRef !== undefined)
        .map((e) => e.name);
    expect(secretRefs(find(all, 'Deployment', 'email-worker'))).toContain('MAILGUN_API_KEY');
    expect(secretRefs(find(all, 'Deployment', 'api'))).toContain('DATABASE_URL');
    expect(secretRefs(find(all, 'Job', 'db-migrate'))).toContain('DATABASE_URL');
  });

  it('refers only to ConfigMaps and Secrets it renders (production: the Secret comes from outside)', async () => {
    const all = await objects();
    const names = (kind: string) =>
      new Set(all.filter((o) => o.kind === kind).map((o) => String(o.metadata?.name)));
    const [configMaps, secrets] = [names('ConfigMap'), names('Secret')];
    const containers = all
      .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
      .flatMap((o) => podSpec(o).containers as (Container & ContainerRefs)[]);
    const refs = containers.flatMap((c) => [
      ...(c.envFrom ?? []).flatMap((from) =>
        from.configMapRef ? [['ConfigMap', from.configMapRef.name]] : [],
      ),
      ...(c.env ?? []).flatMap((e) =>
        e.valueFrom?.secretKeyRef ? [['Secret', e.valueFrom.secretKeyRef.name]] : [],
      ),
    ]);
    const dangling = refs.filter(([kind, name]) =>
      kind === 'ConfigMap' ? !configMaps.has(name!) : !secrets.has(name!),
    );
    expect(new Set(dangling.map(([kind, name]) => `${kind} ${name}`))).toEqual(
      new Set(overlay === 'production' ? ['Secret fluentmeet-secrets'] : []),
    );
  });

  it('probes the health endpoints and bounds every container', async () => {
    const all = await objects();
    for (const name of ['api', 'email-worker']) {
      const [container] = podSpec(find(all, 'Deployment', name)).containers;
      expect(container?.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(container?.readinessProbe?.httpGet?.path).toBe('/health/ready');
    }
    for (const workload of all.filter((o) => o.kind === 'Deployment' || o.kind === 'Job')) {
      for (const container of podSpec(workload).containers) {
        expect(container.resources?.requests?.memory, container.name).toBeDefined();
        expect(container.resources?.limits?.memory, container.name).toBeDefined();
      }
    }
  });
});

describe('a broken manifest', () => {
  it('fails on a wrong type and a missing required field (Kubernetes schema)', async () => {
    const violations = validateObjects(await renderKustomization(fixture('broken-deployment')));
    expect(violations).toHaveLength(1);
    expect(violations[0]?.object).toBe('Deployment api');
    expect(violations[0]?.problem).toMatch(/replicas must be integer/);
    expect(violations[0]?.problem).toMatch(/containers\/0 must have required property name/);
  });

  it('fails on a trigger without a type (KEDA schema)', async () => {
    const violations = validateObjects(await renderKustomization(fixture('broken-scaledobject')));
    expect(violations).toEqual([
      {
        object: 'ScaledObject email-worker',
        problem: expect.stringMatching(/triggers\/0 must have required property type/) as string,
      },
    ]);
  });

  it('fails on a kind it has no schema for', async () => {
    const violations = validateObjects(await renderKustomization(fixture('unknown-kind')));
    expect(violations).toEqual([
      { object: 'Widget gadget', problem: 'no schema for example.com/v1 Widget' },
    ]);
  });

  it('fails on Secret data that is not base64, and accepts base64 wrapped the way kustomize wraps it', () => {
    const secret = (value: string): KubernetesObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'credentials' },
      data: { KEY: value },
    });
    const wrapped = `${Buffer.from('x'.repeat(80)).toString('base64').slice(0, 70)}\n${Buffer.from('x'.repeat(80)).toString('base64').slice(70)}\n`;
    expect(validateObjects([secret(wrapped)])).toEqual([]);
    expect(validateObjects([secret('not base64!')])).toEqual([
      { object: 'Secret credentials', problem: expect.stringMatching(/format "byte"/) as string },
    ]);
  });

  it('fails when kustomize cannot render it', async () => {
    await expect(renderKustomization(fixture('missing-resource'))).rejects.toBeInstanceOf(
      RenderError,
    );
  });
});
