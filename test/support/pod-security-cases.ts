/**
 * Every REC this project shows or tests, rendered: the examples' charts, the valid fixtures and a
 * default REC. The Pod Security checks (unit: our checker; integration: the API server's
 * admission) run over all of them.
 */
import { App, type Chart } from 'cdk8s';
import type { KubernetesObject } from '../../lib/render.js';
import { renderClusterManifest } from '../../lib/render.js';
import { ProductionRedisChart } from '../../examples/production-cluster.js';
import { TeamRedisChart } from '../../examples/platform-chart.js';
import { RunnerManagedChart } from '../../examples/runner-managed.js';
import { fixtures } from '../fixtures/load.js';

export interface RenderedCase {
  readonly name: string;
  readonly objects: KubernetesObject[];
  /** Paths the spec's Pod Security warnings name; these cases fail `restricted` on purpose. */
  readonly podSecurityWarnings: string[];
}

/** A chart's objects; a REC it emits (for the runner to manage) is rendered as the runner would. */
function chartCase(name: string, make: (app: App) => Chart): RenderedCase {
  const objects = make(new App()).toJson() as KubernetesObject[];
  const rendered = objects.flatMap((o) =>
    o.kind === 'RedisEnterpriseCluster' ? renderClusterManifest(o, { passwordGenerator: false }).objects : [o],
  );
  return { name, objects: rendered, podSecurityWarnings: [] };
}

export function renderedCases(): RenderedCase[] {
  const manifest = (spec: Record<string, unknown>) => ({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'rec', namespace: 'redis' },
    spec,
  });
  const fromManifest = (name: string, m: unknown): RenderedCase => {
    // Rack awareness needs a namespace (the node reader's binding names it); fixtures carry none.
    const result = renderClusterManifest(m, { namespace: 'redis' });
    return {
      name,
      objects: result.objects,
      podSecurityWarnings: result.warnings.filter((w) => w.message.startsWith('fails Pod Security')).map((w) => w.path),
    };
  };
  return [
    chartCase('examples/production-cluster', (app) => new ProductionRedisChart(app, 'p')),
    chartCase('examples/platform-chart', (app) => new TeamRedisChart(app, 't', { team: 'payments' })),
    chartCase('examples/runner-managed', (app) => new RunnerManagedChart(app, 'r')),
    fromManifest('default REC', manifest({})),
    fromManifest('service broker on', manifest({ serviceBrokerSpec: { enabled: true } })),
    ...fixtures('valid').map((f) => fromManifest(`fixture ${f.name}`, f.documents[0])),
  ];
}

/** The pod templates of the workloads among `objects`, by `Kind/name`. */
export function podTemplates(
  objects: readonly KubernetesObject[],
): { workload: string; template: { metadata?: Record<string, unknown>; spec: Record<string, unknown> } }[] {
  type Template = { metadata?: Record<string, unknown>; spec: Record<string, unknown> };
  return objects
    .filter((o) => ['StatefulSet', 'Deployment', 'Job', 'CronJob'].includes(o.kind))
    .map((o) => {
      const spec = (o as unknown as { spec: { template?: Template; jobTemplate?: { spec: { template: Template } } } })
        .spec;
      // A CronJob's pods come from the template of its Job template.
      return { workload: `${o.kind}/${o.metadata.name}`, template: spec.jobTemplate?.spec.template ?? spec.template! };
    });
}

/**
 * The workloads whose pods a case's Pod Security warnings are about: the node pods, and the
 * services rigger for the host's timezone (it mounts the zone file as well) or its own attributes.
 */
export function warnedWorkload(c: RenderedCase, workload: string): boolean {
  if (workload.startsWith('StatefulSet/')) return true;
  const rigger = c.podSecurityWarnings.some(
    (path) => path === 'spec.containerTimezone.propagateHost' || path.startsWith('spec.servicesRiggerSpec.'),
  );
  return rigger && workload.endsWith('-services-rigger');
}
