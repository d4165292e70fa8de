/**
 * The objects a spec would produce if the schema let it through: the constructs run on the raw
 * spec with the schema's defaults filled in around it, without any rule. The generative test uses
 * it to ask the API server whether it would refuse what the schema refuses.
 */
import { App, Chart } from 'cdk8s';
import { clusterObjects } from '../../../constructs/cluster-objects.js';
import { clusterContext } from '../../../lib/cluster-context.js';
import type { KubernetesObject } from '../../../lib/render.js';
import { parseSpec } from '../../../lib/spec/validate.js';
import type { ParsedClusterSpec } from '../../../lib/spec/schema.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defaults as zod applies them: a given field replaces its default, except where the schema fills in inside (prefault). */
function withDefaults(raw: Record<string, unknown>): ParsedClusterSpec {
  const defaults = parseSpec({}).spec as unknown as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...defaults, ...raw };
  for (const field of ['persistentSpec', 'servicesRiggerSpec']) {
    if (isObject(raw[field])) merged[field] = { ...(defaults[field] as object), ...raw[field] };
  }
  // Defaults inside an optional object: the call home client's schedule and resources.
  const meter = raw.usageMeter;
  if (isObject(meter) && isObject(meter.callHomeClient)) {
    const clientDefaults = parseSpec({ usageMeter: { callHomeClient: {} } }).spec!.usageMeter!.callHomeClient;
    merged.usageMeter = { ...meter, callHomeClient: { ...clientDefaults, ...meter.callHomeClient } };
  }
  return merged as unknown as ParsedClusterSpec;
}

export function renderUnchecked(name: string, namespace: string, spec: Record<string, unknown>): KubernetesObject[] {
  const app = new App();
  const chart = new Chart(app, 'rec', { namespace });
  clusterObjects(chart, clusterContext(name, withDefaults(spec), namespace));
  return chart.toJson() as KubernetesObject[];
}
