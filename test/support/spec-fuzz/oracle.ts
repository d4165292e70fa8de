/**
 * The oracle of the generative test: for one spec, what `validate` says and what the real API
 * server says about every object rendered from it (a server-side dry-run create, `dryRun=All`,
 * nothing stored), and whether the two agree.
 *
 * - validate accepts: every object `render` makes (as the runner renders) must be accepted.
 * - validate refuses: the objects the spec would make (rendered without the rules) must include
 *   one the API server refuses, or the REC itself must fail the CRD's types (int-or-string,
 *   integer, ...: checks the API server makes before any rule of ours), unless every problem is
 *   one of ours by design (EXCLUDED below).
 * - The REC itself, dry-run created against our CRD, must be refused exactly when validate
 *   refuses for a rule that has CEL (all but the CLI-only rules, see CLI_ONLY below).
 */
import { KubeApiError, type KubeClient, type KubeObject } from '../../../lib/kube/client.js';
import { renderClusterManifest } from '../../../lib/render.js';
import { validateClusterManifest, type SpecProblem } from '../../../lib/spec/validate.js';
import { RESERVED_LABEL_MESSAGE, RESERVED_VOLUME_MESSAGE } from '../../../lib/spec/cluster-rules.js';
import { NODE_LOAD_BALANCERS_MESSAGE } from '../../../lib/spec/external-access-schema.js';
import { renderUnchecked } from './render-unchecked.js';

const literally = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

/**
 * Problems that are ours by design, where the API server accepts the objects: the reserved
 * label keys (accepted, but they break the Services), the reserved volume name (accepted with
 * persistence on, but the claim replaces the volume), and size bounds Kubernetes does not have
 * on the rendered objects (list and map sizes, the whole spec's size). A spec is excluded from
 * the comparison only when every one of its problems is such a one.
 */
const EXCLUDED: readonly RegExp[] = [
  literally(RESERVED_LABEL_MESSAGE),
  literally(RESERVED_VOLUME_MESSAGE),
  literally(NODE_LOAD_BALANCERS_MESSAGE),
  /^must have at most \d+ (items|entries) \(got \d+\)$/,
  /^must be at most \d+ bytes as JSON/,
];

/** Rules without CEL (the API server takes the REC; the CLI and the runner refuse it). */
const CLI_ONLY: readonly RegExp[] = [
  /must total at most \d+ bytes, keys and values/,
  /^must be at most \d+ bytes as JSON/,
];

export interface ObjectVerdict {
  readonly object: string;
  readonly accepted: boolean;
  readonly message?: string;
}

export interface Verdict {
  readonly errors: readonly SpecProblem[];
  readonly excluded: boolean;
  readonly objects: readonly ObjectVerdict[];
  /** undefined when the REC itself was not checked. */
  readonly recAccepted?: boolean;
  readonly recMessage?: string;
  /** What is wrong, when validate and the API server disagree. */
  readonly objectDisagreement?: string;
  readonly crdDisagreement?: string;
}

/** At most `limit` promises in flight, across every caller. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

async function dryRunCreate(client: KubeClient, limiter: Limiter, object: KubeObject): Promise<ObjectVerdict> {
  const label = `${object.kind}/${object.metadata.name}`;
  try {
    await limiter.run(() => client.create(object, { dryRun: true, fieldManager: 'rec-cdk8s-spec-fuzz' }));
    return { object: label, accepted: true };
  } catch (error) {
    // 422 Invalid is a refusal; 400 is one too (a value the API server cannot even decode, such as
    // an int32 out of range). Anything else (network, 5xx, 409) is a broken test, not a verdict.
    if (error instanceof KubeApiError && (error.code === 422 || error.code === 400))
      return { object: label, accepted: false, message: error.message };
    throw error;
  }
}

/** The REC failed the CRD's structural types (its own words), not one of our CEL rules. */
function refusedByTypes(rec: { accepted: boolean; message?: string | undefined }): boolean {
  return !rec.accepted && /in body must be of type/.test(rec.message ?? '');
}

export async function judge(
  client: KubeClient,
  limiter: Limiter,
  namespace: string,
  spec: Record<string, unknown>,
): Promise<Verdict> {
  const manifest = {
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'fuzz', namespace },
    spec,
  };
  const validation = validateClusterManifest(manifest);
  const errors = validation.errors;
  const excluded = errors.length > 0 && errors.every((e) => EXCLUDED.some((re) => re.test(e.message)));
  const objects = validation.cluster
    ? renderClusterManifest(manifest, { namespace }).objects
    : renderUnchecked('fuzz', namespace, spec);
  const rec = limiter.run(async () => {
    try {
      await client.create(manifest, { dryRun: true });
      return { accepted: true, message: undefined };
    } catch (error) {
      if (error instanceof KubeApiError && (error.code === 422 || error.code === 400))
        return { accepted: false, message: error.message };
      throw error;
    }
  });
  const verdicts = await Promise.all(objects.map((o) => dryRunCreate(client, limiter, o)));
  const recVerdict = await rec;
  const refused = verdicts.filter((v) => !v.accepted);

  let objectDisagreement: string | undefined;
  if (errors.length === 0 && refused.length > 0) {
    objectDisagreement = `validate accepts, the API server refuses: ${refused.map((v) => `${v.object}: ${v.message}`).join(' | ')}`;
  } else if (errors.length > 0 && !excluded && refused.length === 0 && !refusedByTypes(recVerdict)) {
    objectDisagreement = `validate refuses, the API server accepts every object: ${errors.map((e) => `${e.path}: ${e.message}`).join(' | ')}`;
  }
  const celErrors = errors.filter((e) => !CLI_ONLY.some((re) => re.test(e.message)));
  let crdDisagreement: string | undefined;
  if (celErrors.length === 0 && !recVerdict.accepted)
    crdDisagreement = `the CRD refuses a REC validate has no CEL-checked problem with: ${recVerdict.message}`;
  if (celErrors.length > 0 && recVerdict.accepted)
    crdDisagreement = `the CRD accepts a REC validate refuses: ${celErrors.map((e) => `${e.path}: ${e.message}`).join(' | ')}`;

  return {
    errors,
    excluded,
    objects: verdicts,
    recAccepted: recVerdict.accepted,
    ...(recVerdict.message ? { recMessage: recVerdict.message } : {}),
    ...(objectDisagreement ? { objectDisagreement } : {}),
    ...(crdDisagreement ? { crdDisagreement } : {}),
  };
}
