/**
 * Writes to the install's `redis-enterprise-node-reader` ClusterRoleBinding, the one object of
 * cluster RBAC the runner may write (`get`, `list`, `watch`, `update`, by `resourceNames`; no
 * `create`, no `delete`, no other name). What it should say is node-reader-subjects.ts.
 *
 * `subjects` is an atomic list for server-side apply (the API server's OpenAPI says
 * `x-kubernetes-list-type: atomic`): an apply would replace the whole list with this REC's
 * ServiceAccount and drop everyone else's. So each change is client-go's RetryOnConflict: read
 * the binding live, change it, write it back with the resourceVersion it was read at (PUT); a 409
 * means someone wrote in between (another runner, or this one for another REC), and the change
 * is redone on a fresh read. Two writers can never lose each other's subjects.
 *
 * Decisions are made from the runner's cache of the binding (watched by name), so a REC whose
 * subject is in place costs no request; only a change reads live.
 */
import { KubeApiError, type KubeClient } from '../kube/client.js';
import { requestFromKey, requestKey, type Request } from '../controller/request.js';
import { RESOURCE } from '../kube/resources.js';
import { NODE_READER_CLUSTER_ROLE, NODE_READER_CLUSTER_ROLE_BINDING } from '../api/node-rbac.js';
import { sleep } from '../kube/rate-limiter.js';
import { FIELD_MANAGER } from './names.js';
import { recordedRecs, withRec, withRecs, type NodeReaderBinding } from './node-reader-subjects.js';

/** Reads and writes of one change before a conflict is left to the reconcile's own retry (client-go's DefaultRetry). */
const ATTEMPTS = 5;
const BINDING = `ClusterRoleBinding ${NODE_READER_CLUSTER_ROLE_BINDING}`;

/**
 * What a REC's converge did to the binding: added its ServiceAccount, put it back (its entry was
 * there and the subject had been taken out by someone), or removed it (or just its entry, when
 * another REC still needs the same ServiceAccount).
 */
export interface NodeReaderChange {
  readonly kind: 'added' | 'restored' | 'removed';
  readonly serviceAccount: string;
}

export class NodeReaderBindingWriter {
  /** This process's writes, one at a time: its own workers never conflict with each other. */
  private last: Promise<unknown> = Promise.resolve();

  /**
   * `cached`: the binding as the runner's informer has it, or undefined when it is not watched (a
   * namespaced install; the CLI passes nothing): every decision then reads live.
   */
  constructor(
    private readonly client: Pick<KubeClient, 'get' | 'update'>,
    private readonly cached: () => { readonly binding: NodeReaderBinding | undefined } | undefined = () => undefined,
  ) {}

  /** Whether decisions come from the runner's cache (no request while nothing changes). */
  get watched(): boolean {
    return this.cached() !== undefined;
  }

  /**
   * Make the binding say what REC `rec` needs: its ServiceAccount while
   * rack-aware, nothing otherwise. No request when the cache already says so. Without the right to
   * read the binding (a namespaced install), removing is nothing to do (it never added) and adding
   * fails with what to install.
   */
  async converge(rec: Request, serviceAccount: string | undefined): Promise<NodeReaderChange | undefined> {
    const recKey = requestKey(rec);
    const view = this.cached();
    if (view) {
      const cached = view.binding;
      if (cached ? !withRec(cached, recKey, serviceAccount) : serviceAccount === undefined) return undefined;
    }
    let edited: { before: NodeReaderBinding; after: NodeReaderBinding } | undefined;
    try {
      edited = await this.edit((b) => withRec(b, recKey, serviceAccount), serviceAccount !== undefined);
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 403) {
        if (serviceAccount === undefined) return undefined;
        throw new Error(
          `reading ${BINDING}: ${error.code} ${error.reason}: ${error.message} (rack awareness needs the cluster-wide install, which lets the runner add ServiceAccounts to that binding: install the runner with \`rec-cdk8s install --all-namespaces\`)`,
        );
      }
      throw error;
    }
    if (!edited || edited.before === edited.after) return undefined;
    const before = recordedRecs(edited.before).get(recKey);
    if (serviceAccount === undefined) return { kind: 'removed', serviceAccount: before ?? '' };
    return { kind: before === serviceAccount ? 'restored' : 'added', serviceAccount };
  }

  /**
   * Remove every entry `stale` picks, and each subject no remaining entry needs. Judged against
   * the binding as read live, inside the write (the cache only decides whether to look). Returns
   * the RECs whose entries were removed.
   */
  async sweep(stale: (rec: Request, serviceAccount: string) => boolean): Promise<Request[]> {
    const isStale = (key: string, sa: string) => stale(requestFromKey(key), sa);
    const view = this.cached();
    if (view && ![...recordedRecs(view.binding)].some(([key, sa]) => isStale(key, sa))) return [];
    const edited = await this.edit((binding) => {
      const recs = recordedRecs(binding);
      for (const [key, sa] of recs) if (isStale(key, sa)) recs.delete(key);
      return withRecs(binding, recs);
    }, false);
    if (!edited) return [];
    const after = recordedRecs(edited.after);
    return [...recordedRecs(edited.before).keys()].filter((key) => !after.has(key)).map(requestFromKey);
  }

  /**
   * Read live, `change`, write back with the resourceVersion read; redo on 409. Undefined when the
   * binding is absent or not the install's and `required` is false; with `required`, that is an
   * error saying what to do. `before === after` when `change` wanted nothing.
   */
  private edit(
    change: (binding: NodeReaderBinding) => NodeReaderBinding | undefined,
    required: boolean,
  ): Promise<{ before: NodeReaderBinding; after: NodeReaderBinding } | undefined> {
    const run = async () => {
      for (let attempt = 1; ; attempt++) {
        const live = await this.client.get<NodeReaderBinding>(
          RESOURCE.clusterRoleBinding,
          undefined,
          NODE_READER_CLUSTER_ROLE_BINDING,
        );
        const problem = !live
          ? `${BINDING} is missing: it comes with the runner's all-namespaces install (\`rec-cdk8s install --all-namespaces\`); apply the install again`
          : !isTheInstalls(live)
            ? `${BINDING} binds ${live.roleRef?.kind} ${live.roleRef?.name}, not ClusterRole ${NODE_READER_CLUSTER_ROLE}: it is not the runner install's, and the runner does not write it (delete it and apply the install again)`
            : undefined;
        if (problem) {
          if (required) throw new Error(problem);
          return undefined;
        }
        const next = change(live!);
        if (!next) return { before: live!, after: live! };
        try {
          const { managedFields: _kept, ...metadata } = next.metadata;
          const after = await this.client.update<NodeReaderBinding>(
            { ...next, metadata },
            { fieldManager: FIELD_MANAGER },
          );
          return { before: live!, after };
        } catch (error) {
          if (!(error instanceof KubeApiError && error.code === 409) || attempt >= ATTEMPTS) throw error;
          // Another writer won: a short jittered pause, then read again (client-go waits ~10 ms).
          await sleep(5 + Math.random() * 15);
        }
      }
    };
    const result = this.last.then(run, run);
    this.last = result.catch(() => undefined);
    return result;
  }
}

/** Only the binding the install ships: a binding of that name to any other role is someone else's. */
function isTheInstalls(binding: NodeReaderBinding): boolean {
  return binding.roleRef?.kind === 'ClusterRole' && binding.roleRef.name === NODE_READER_CLUSTER_ROLE;
}
