/**
 * The runner process: informers (RECs, every owned kind by label, and the pods and events that say
 * why a cluster is not ready) feed one controller whose
 * reconcile is `ClusterReconciler`; leader election decides who reconciles; a health server
 * answers probes and serves metrics. Caches run on every replica, so a standby that wins the
 * lease starts with warm caches; only the leader reconciles.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { KubeConfigSource } from '../kube/kubeconfig.js';
import { Counter } from 'prom-client';
import { KubeClient, type FlowControl, type KubeObject } from '../kube/client.js';
import { RESOURCE, type ResourceType } from '../kube/resources.js';
import {
  Backoff,
  Controller,
  HealthServer,
  Informer,
  LeaderElector,
  sleep,
  withoutManagedFields,
  createRegistry,
  getOrCreate,
  observeClient,
  type Logger,
  type Registry,
} from '../controller/index.js';
import { CLUSTER_LABEL, clusterObjectNames } from '../names.js';
import { NODE_READER_CLUSTER_ROLE_BINDING } from '../node-rbac.js';
import { MANAGED_SELECTOR } from './constants.js';
import { ClusterReconciler, type ReconcilerMetrics } from './reconciler.js';
import { KubeEventRecorder } from './events.js';
import type { ObjectCache } from './object-cache.js';
import { WATCHED_OWNED_TYPES, ingressOwnedTypes } from './owned-types.js';
import { SecretStore } from './secret-store.js';
import {
  CORE_EVENT,
  EVENT_SELECTORS,
  POD_SELECTOR,
  eventEssentials,
  podEssentials,
  readinessKey,
} from './readiness-watch.js';
import { NODE_READER_BINDING_SELECTOR, mayWatchNodeReaderBinding } from './node-reader-watch.js';
import { NodeReaderBindingWriter } from './node-reader-binding.js';
import { nodeReaderNeed, withRec, type NodeReaderBinding } from './node-reader-subjects.js';

/**
 * The work-queue key of the node-reader binding's sweep: entries of RECs that are gone, with
 * their StatefulSets, while no runner ran (see `sweepNodeReader`). No REC key is without a `/`.
 */
const NODE_READER_SWEEP_KEY = 'sweep:node-reader-binding';
import type { IngressMethod } from '../spec/external-access.js';

export interface RunnerOptions {
  /** From `loadKubeConfig()`, or a client-node `KubeConfig`. */
  readonly kubeConfig: KubeConfigSource;
  /** Namespaces to watch, or 'all'. */
  readonly namespaces: string[] | 'all';
  /** Reconcile only while holding the Lease. @default false */
  readonly leaderElect?: boolean;
  /** @default the first watched namespace, else `default` */
  readonly leaseNamespace?: string;
  /** @default rec-cdk8s-runner */
  readonly leaseName?: string;
  /** @default POD_NAME, else hostname + a random suffix */
  readonly identity?: string;
  /** @default 15 */
  readonly leaseDurationSeconds?: number;
  /** Port of /healthz and /readyz (0: random). */
  readonly healthPort: number;
  /** Port of /metrics (0: random; the same number as healthPort: one server). */
  readonly metricsPort: number;
  /** Keys reconciled in parallel. @default 4 */
  readonly workers?: number;
  /** Full resync period; jittered by the controller. @default 10 minutes */
  readonly resyncMs?: number;
  readonly logger: Logger;
  /** Client-side rate limit of the API requests (not the Lease's). @default 20 QPS, burst 30 */
  readonly flowControl?: FlowControl;
  /** Called when the Lease is lost (not released); `run` exits non-zero. */
  readonly onLeadershipLost?: () => void;
  /** Shortest server-side watch timeout; each watch gets a random one up to twice this, and is
   * abandoned after that plus a margin without a byte. @default 300 (client-go's) */
  readonly minWatchTimeoutSeconds?: number;
  /** /readyz fails once an informer's watch has not worked for this long. @default 30000 */
  readonly watchUnreadyAfterMs?: number;
  /**
   * The ingress methods the install enables (`--ingress`, `--istio`, `--openshift-route`): their
   * kinds are watched and applied; a REC asking for another is told which flag it needs.
   * @default none
   */
  readonly ingressMethods?: readonly IngressMethod[];
  /** The Istio ingress gateway's pod labels. @default { istio: 'ingress' } */
  readonly istioGatewaySelector?: Readonly<Record<string, string>>;
}

export class Runner {
  readonly client: KubeClient;
  private readonly electionClient: KubeClient;
  readonly registry: Registry;
  private readonly informers = new Map<ResourceType, Informer<KubeObject>>();
  /** Events that say why a cluster is not ready: one informer per field selector (readiness-watch.ts). */
  private readonly eventInformers: Informer<KubeObject>[] = [];
  private readonly controller: Controller;
  private readonly recInformer: Informer<KubeObject>;
  private readonly reconciler: ClusterReconciler;
  private readonly nodeReader: NodeReaderBindingWriter;
  /** The install's node-reader binding, by name; only when this identity may watch it (see start). */
  private nodeReaderInformer: Informer<KubeObject> | undefined;
  private readonly abort = new AbortController();
  /**
   * Aborts every request the reconciler and the event recorder have in flight, and refuses new
   * ones, the moment the leader lease is lost: a replica that no longer leads must not write
   * (a request can take 30 s; the lease is 15 s).
   */
  private readonly fence = new AbortController();
  private elector: LeaderElector | undefined;
  private servers: HealthServer[] = [];
  private leading: Promise<void> | undefined;
  private stopping = false;

  constructor(private readonly options: RunnerOptions) {
    this.client = KubeClient.fromKubeConfig(options.kubeConfig, {
      userAgent: 'rec-cdk8s-runner',
      ...options.flowControl,
    });
    // The Lease has a client (and so a token bucket) of its own, as controller-runtime's leader
    // election has: a storm of reconcile requests queued for tokens must not delay a renewal
    // past the renew deadline and cost the leadership.
    this.electionClient = KubeClient.fromKubeConfig(options.kubeConfig, {
      userAgent: 'rec-cdk8s-runner-leader-election',
    });
    this.registry = createRegistry();
    observeClient(this.client, this.registry);
    observeClient(this.electionClient, this.registry);
    const log = options.logger;
    // Every watch, backoff sleep and lease wait listens on this one signal; with a namespace list
    // that is more than Node's default of 10 listeners, which is expected here, not a leak.
    setMaxListeners(0, this.abort.signal);

    // Nothing the runner decides reads managedFields: not caching them is most of the memory a
    // cached object costs (measured in bench/README.md).
    const cached = { namespaces: options.namespaces, ...this.watchOptions(), transform: withoutManagedFields };
    const recInformer = new Informer<KubeObject>(this.client, { resource: RESOURCE.redisEnterpriseCluster, ...cached });
    this.informers.set(RESOURCE.redisEnterpriseCluster, recInformer);
    this.recInformer = recInformer;
    const ingressMethods = new Set(options.ingressMethods ?? []);
    // Ingress, Istio and Route kinds only when the install enables them: they may not exist here.
    const watchedOwned = [...WATCHED_OWNED_TYPES, ...ingressOwnedTypes(ingressMethods)];
    for (const type of watchedOwned) {
      // Claims are made by the StatefulSet controller from the claim template, which carries the
      // cluster label and not ours; they are watched to know that a cluster has data (and so a
      // password) even after its REC and StatefulSet are gone.
      const labelSelector = type === RESOURCE.persistentVolumeClaim ? CLUSTER_LABEL : MANAGED_SELECTOR;
      this.informers.set(type, new Informer<KubeObject>(this.client, { resource: type, labelSelector, ...cached }));
    }
    // Not owned, only read: why a cluster is not ready (readiness-watch.ts).
    this.informers.set(
      RESOURCE.pod,
      new Informer<KubeObject>(this.client, {
        resource: RESOURCE.pod,
        labelSelector: POD_SELECTOR,
        ...cached,
        transform: podEssentials,
      }),
    );
    for (const fieldSelector of EVENT_SELECTORS)
      this.eventInformers.push(
        new Informer<KubeObject>(this.client, {
          resource: CORE_EVENT,
          fieldSelector,
          ...cached,
          transform: eventEssentials,
        }),
      );

    const writer = this.client.withSignal(this.fence.signal);
    // Secrets are read by name, not watched (secret-store.ts).
    const secrets = new SecretStore(writer);
    const cache: ObjectCache = {
      get: (type, namespace, name) =>
        type === RESOURCE.secret ? secrets.get(namespace, name) : this.informers.get(type)?.get(namespace, name),
      list: (type, namespace) =>
        type === RESOURCE.secret
          ? secrets.list(namespace)
          : type === CORE_EVENT
            ? this.eventInformers.flatMap((i) => i.list(namespace))
            : (this.informers.get(type)?.list(namespace) ?? []),
    };
    this.nodeReader = new NodeReaderBindingWriter(writer, () =>
      this.nodeReaderInformer
        ? { binding: this.nodeReaderInformer.get(undefined, NODE_READER_CLUSTER_ROLE_BINDING) as NodeReaderBinding }
        : undefined,
    );
    this.reconciler = new ClusterReconciler({
      client: writer,
      cache,
      nodeReader: this.nodeReader,
      events: new KubeEventRecorder(writer, options.identity ?? hostname(), (error) =>
        log.warn({ err: (error as Error).message }, 'could not record an event'),
      ),
      log,
      metrics: reconcilerMetrics(this.registry),
      secrets,
      ingressMethods,
      ...(options.istioGatewaySelector ? { istioGatewaySelector: options.istioGatewaySelector } : {}),
    });
    this.controller = new Controller<string>({
      name: 'redisenterprisecluster',
      reconcile: (key) => (key === NODE_READER_SWEEP_KEY ? this.sweepNodeReader() : this.reconciler.reconcile(key)),
      workers: options.workers ?? 4,
      resyncMs: options.resyncMs ?? 10 * 60_000,
      resyncKeys: () => [
        ...recInformer.list().map((rec) => `${rec.metadata.namespace}/${rec.metadata.name}`),
        ...(this.nodeReaderInformer ? [NODE_READER_SWEEP_KEY] : []),
      ],
      registry: this.registry,
      logger: log,
    });
    // A REC or StatefulSet gone may leave an entry in the node-reader binding that nothing needs.
    const sweepOn = (type: string) => (type === 'DELETED' && this.nodeReaderInformer ? [NODE_READER_SWEEP_KEY] : []);
    this.controller.watch(recInformer, (rec, type) => {
      if (type === 'DELETED' && rec.metadata.uid) this.reconciler.forget(rec.metadata.uid);
      return [`${rec.metadata.namespace}/${rec.metadata.name}`, ...sweepOn(type)];
    });
    // A change to anything a REC owns wakes that REC: deleting a Service or editing replicas by hand is undone.
    for (const type of watchedOwned) {
      this.controller.watch(this.informers.get(type)!, (object, event) => {
        const cluster = object.metadata.labels?.[CLUSTER_LABEL];
        const owner = cluster && object.metadata.namespace ? [`${object.metadata.namespace}/${cluster}`] : [];
        return type === RESOURCE.statefulSet ? [...owner, ...sweepOn(event)] : owner;
      });
    }
    // A pod that cannot be scheduled or started, a failed pod creation, a claim's event: the REC's
    // status says why it is not ready.
    for (const informer of [this.informers.get(RESOURCE.pod)!, ...this.eventInformers])
      this.controller.watch(informer, (object) => readinessKey(object, cache));
  }

  /** Every informer: owned kinds, RECs, pods, and the event watches. */
  private allInformers(): Informer<KubeObject>[] {
    return [...this.informers.values(), ...this.eventInformers];
  }

  private watchOptions() {
    return {
      logger: this.options.logger,
      ...(this.options.minWatchTimeoutSeconds !== undefined
        ? { minWatchTimeoutSeconds: this.options.minWatchTimeoutSeconds }
        : {}),
      ...(this.options.watchUnreadyAfterMs !== undefined ? { unhealthyAfterMs: this.options.watchUnreadyAfterMs } : {}),
    };
  }

  /**
   * Ready: every cache synced, and every watch working (or back within `watchUnreadyAfterMs`). A
   * replica whose caches went stale says so, instead of answering 200 on a view of the cluster it
   * can no longer keep up to date.
   */
  private ready(): true | string {
    const informers = this.allInformers();
    if (!informers.every((i) => i.hasSynced())) return 'caches are not synced yet';
    for (const informer of informers) {
      const health = informer.watchHealth();
      if (health !== true) return health;
    }
    return true;
  }

  /** Start caches, probes and (when leading) the controller. Resolves once caches are synced. */
  async start(): Promise<void> {
    const { logger: log } = this.options;
    const ready = () => this.ready();
    this.servers.push(await HealthServer.start({ port: this.options.healthPort, ready, registry: this.registry }));
    if (this.options.metricsPort !== this.options.healthPort)
      this.servers.push(await HealthServer.start({ port: this.options.metricsPort, ready, registry: this.registry }));
    await this.watchNodeReaderBinding();
    await Promise.all(this.allInformers().map((informer) => informer.start(this.abort.signal)));
    log.info(
      {
        namespaces: this.options.namespaces,
        health: this.servers[0]!.address(),
        metrics: this.servers.at(-1)!.address(),
      },
      'caches synced',
    );

    if (!this.options.leaderElect) {
      this.controller.start();
      return;
    }
    const namespace =
      this.options.leaseNamespace ??
      (this.options.namespaces === 'all' ? 'default' : (this.options.namespaces[0] ?? 'default'));
    this.elector = new LeaderElector({
      client: this.electionClient,
      namespace,
      name: this.options.leaseName ?? 'rec-cdk8s-runner',
      identity: this.options.identity ?? process.env.POD_NAME ?? `${hostname()}_${randomUUID().slice(0, 8)}`,
      ...(this.options.leaseDurationSeconds
        ? {
            leaseDurationSeconds: this.options.leaseDurationSeconds,
            renewDeadlineSeconds: Math.max(2, Math.floor((this.options.leaseDurationSeconds * 2) / 3)),
            retryPeriodSeconds: Math.max(1, Math.floor(this.options.leaseDurationSeconds / 7)),
          }
        : {}),
      registry: this.registry,
      logger: log,
    });
    this.leading = this.elector.run(
      {
        onStartedLeading: (signal) => {
          log.info('became leader: reconciling');
          this.controller.start();
          // Settles once the work has stopped, so release() hands the Lease over only then.
          return new Promise<void>((resolve) =>
            signal.addEventListener('abort', () => void this.controller.stop().then(resolve), { once: true }),
          );
        },
        onStoppedLeading: async () => {
          // Lost the lease without being asked to: stop writing at once (what is in flight aborts)
          // and exit, as controller-runtime does, so the pod restarts and campaigns again with
          // fresh state instead of risking two leaders.
          if (!this.stopping) {
            this.fence.abort(new Error('lost the leader lease'));
            log.error('lost the leader lease; exiting');
            this.options.onLeadershipLost?.();
          }
          await this.controller.stop();
        },
      },
      this.abort.signal,
    );
  }

  /**
   * The informer of the install's node-reader binding, when this identity may watch it (see
   * node-reader-watch.ts). Asked until answered: guessing "no" on a network error would make every
   * resync of a rack-aware REC read the binding live.
   */
  private async watchNodeReaderBinding(): Promise<void> {
    const log = this.options.logger;
    const backoff = new Backoff();
    let allowed: boolean | undefined;
    while (allowed === undefined && !this.abort.signal.aborted) {
      try {
        allowed = await mayWatchNodeReaderBinding(this.client);
      } catch (error) {
        log.warn(
          { err: (error as Error).message },
          'could not ask whether the node-reader binding may be watched; retrying',
        );
        await sleep(backoff.next(), this.abort.signal);
      }
    }
    log.info(
      { nodeReaderBinding: Boolean(allowed) },
      allowed
        ? `watching ClusterRoleBinding ${NODE_READER_CLUSTER_ROLE_BINDING}`
        : `not allowed to watch ClusterRoleBinding ${NODE_READER_CLUSTER_ROLE_BINDING} (a namespaced install): rack awareness is not available`,
    );
    if (!allowed) return;
    const informer = new Informer<KubeObject>(this.client, {
      resource: RESOURCE.clusterRoleBinding,
      namespaces: 'all',
      fieldSelector: NODE_READER_BINDING_SELECTOR,
      ...this.watchOptions(),
      transform: withoutManagedFields,
    });
    this.informers.set(RESOURCE.clusterRoleBinding, informer);
    this.nodeReaderInformer = informer;
    // The binding changed (by us, another runner, or by hand): wake each REC it no longer serves as
    // that REC needs (a subject taken out is put back), and the sweep. Not every REC: each wakes
    // only when the binding differs from what it asks, so a write for one REC wakes no other.
    this.controller.watch(informer, (object, type) => {
      const binding = type === 'DELETED' ? undefined : (object as NodeReaderBinding);
      const keys = [NODE_READER_SWEEP_KEY];
      for (const rec of this.recInformer.list()) {
        const key = `${rec.metadata.namespace}/${rec.metadata.name}`;
        const need = nodeReaderNeed(rec);
        if (binding ? withRec(binding, key, need) !== undefined : need !== undefined) keys.push(key);
      }
      return keys;
    });
  }

  /**
   * Remove from the node-reader binding what no REC needs any more: entries (and their subjects) of
   * RECs in a namespace this runner watches whose REC and StatefulSet are both gone, e.g. a REC
   * deleted while no runner ran, its finalizer removed by hand. A cluster deleted with
   * `--cascade=orphan` still runs (its StatefulSet is there) and keeps its entry. Judged from the
   * caches, so a sweep with nothing to remove makes no request.
   */
  private async sweepNodeReader(): Promise<void> {
    const { namespaces } = this.options;
    const statefulSets = this.informers.get(RESOURCE.statefulSet)!;
    const removed = await this.nodeReader.sweep((key) => {
      const [namespace, name] = key.split('/') as [string, string];
      return (
        (namespaces === 'all' || namespaces.includes(namespace)) &&
        !this.recInformer.get(namespace, name) &&
        !statefulSets.get(namespace, clusterObjectNames(name).statefulSet)
      );
    });
    if (removed.length > 0)
      this.options.logger.info(
        { recs: removed },
        `removed from ClusterRoleBinding ${NODE_READER_CLUSTER_ROLE_BINDING}: their RECs and StatefulSets are gone`,
      );
  }

  /** Health and metrics ports as bound (useful with port 0). */
  ports(): { health: number; metrics: number } {
    return { health: this.servers[0]?.address() ?? 0, metrics: this.servers.at(-1)?.address() ?? 0 };
  }

  isLeader(): boolean {
    return this.elector ? this.elector.isLeader() : true;
  }

  /** SIGTERM: stop taking work, finish what runs, release the Lease, close everything. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.controller.stop();
    if (this.elector) await this.elector.release();
    this.abort.abort();
    await Promise.allSettled(this.allInformers().map((i) => i.stopped()));
    await Promise.allSettled([this.leading]);
    await Promise.all(this.servers.map((s) => s.close()));
    this.client.close();
    this.electionClient.close();
  }
}

function reconcilerMetrics(registry: Registry): ReconcilerMetrics {
  const drift = getOrCreate(
    registry,
    'rec_drift_corrections_total',
    () =>
      new Counter({
        name: 'rec_drift_corrections_total',
        help: 'Objects restored after a change made outside the spec, by kind.',
        labelNames: ['kind'],
        registers: [registry],
      }),
  );
  const applied = getOrCreate(
    registry,
    'rec_objects_applied_total',
    () =>
      new Counter({
        name: 'rec_objects_applied_total',
        help: 'Server-side applies of owned objects, by kind.',
        labelNames: ['kind'],
        registers: [registry],
      }),
  );
  const pruned = getOrCreate(
    registry,
    'rec_objects_pruned_total',
    () =>
      new Counter({
        name: 'rec_objects_pruned_total',
        help: 'Owned objects deleted because the spec no longer asks for them, by kind.',
        labelNames: ['kind'],
        registers: [registry],
      }),
  );
  return {
    driftCorrected: (kind) => drift.inc({ kind }),
    objectApplied: (kind) => applied.inc({ kind }),
    objectPruned: (kind) => pruned.inc({ kind }),
  };
}
