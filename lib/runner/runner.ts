/**
 * The runner process: informers (RECs, and every owned kind by label) feed one controller whose
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
import { APP_LABEL, APP_LABEL_VALUE, CLUSTER_LABEL, ROLE_LABEL, ROLE_NODE } from '../names.js';
import { MANAGED_SELECTOR } from './constants.js';
import { ClusterReconciler, type ReconcilerMetrics } from './reconciler.js';
import { KubeEventRecorder } from './events.js';
import type { ObjectCache } from './object-cache.js';
import { CLUSTER_SCOPED_OWNED_TYPES, FEATURE_OWNED_TYPES, WATCHED_OWNED_TYPES } from './owned-types.js';
import { FEATURE_FLAGS, grantedFeatures, type RunnerFeatures } from './features.js';
import { creatingSince, slimPod } from './stuck-pods.js';
import { SecretStore } from './secret-store.js';
import { clusterScopedOwnerKey, mayWatchClusterWide } from './cluster-scoped-watch.js';

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
}

export class Runner {
  readonly client: KubeClient;
  private readonly electionClient: KubeClient;
  readonly registry: Registry;
  private readonly informers = new Map<ResourceType, Informer<KubeObject>>();
  private readonly controller: Controller;
  private readonly recInformer: Informer<KubeObject>;
  private readonly reconciler: ClusterReconciler;
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
  /** What the install lets this runner act on; all off until asked at start. */
  private features: RunnerFeatures = { usageMeter: false, podStartingPolicy: false };

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
    for (const type of WATCHED_OWNED_TYPES) {
      // Claims are made by the StatefulSet controller from the claim template, which carries the
      // cluster label and not ours; they are watched to know that a cluster has data (and so a
      // password) even after its REC and StatefulSet are gone.
      const labelSelector = type === RESOURCE.persistentVolumeClaim ? CLUSTER_LABEL : MANAGED_SELECTOR;
      this.informers.set(type, new Informer<KubeObject>(this.client, { resource: type, labelSelector, ...cached }));
    }

    const writer = this.client.withSignal(this.fence.signal);
    // Secrets are read by name, not watched (secret-store.ts).
    const secrets = new SecretStore(writer);
    const cache: ObjectCache = {
      get: (type, namespace, name) =>
        type === RESOURCE.secret ? secrets.get(namespace, name) : this.informers.get(type)?.get(namespace, name),
      list: (type, namespace) =>
        type === RESOURCE.secret ? secrets.list(namespace) : (this.informers.get(type)?.list(namespace) ?? []),
    };
    this.reconciler = new ClusterReconciler({
      client: writer,
      cache,
      events: new KubeEventRecorder(writer, options.identity ?? hostname(), (error) =>
        log.warn({ err: (error as Error).message }, 'could not record an event'),
      ),
      log,
      metrics: reconcilerMetrics(this.registry),
      secrets,
      features: () => this.features,
    });
    this.controller = new Controller<string>({
      name: 'redisenterprisecluster',
      reconcile: (key) => this.reconciler.reconcile(key),
      workers: options.workers ?? 4,
      resyncMs: options.resyncMs ?? 10 * 60_000,
      resyncKeys: () => recInformer.list().map((rec) => `${rec.metadata.namespace}/${rec.metadata.name}`),
      registry: this.registry,
      logger: log,
    });
    this.controller.watch(recInformer, (rec, type) => {
      if (type === 'DELETED' && rec.metadata.uid) this.reconciler.forget(rec.metadata.uid);
      return `${rec.metadata.namespace}/${rec.metadata.name}`;
    });
    // A change to anything a REC owns wakes that REC: deleting a Service or editing replicas by hand is undone.
    for (const type of WATCHED_OWNED_TYPES) this.controller.watch(this.informers.get(type)!, ownerKey);
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
    const informers = [...this.informers.values()];
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
    await this.watchClusterScoped();
    await this.watchFeatures();
    await Promise.all([...this.informers.values()].map((informer) => informer.start(this.abort.signal)));
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
   * Informers for the cluster-scoped objects a REC may own, when this identity may watch them
   * (see cluster-scoped-watch.ts). Asked until answered: guessing "no" on a network error would
   * make every resync re-apply them.
   */
  private async watchClusterScoped(): Promise<void> {
    const log = this.options.logger;
    const backoff = new Backoff();
    let allowed: boolean | undefined;
    while (allowed === undefined && !this.abort.signal.aborted) {
      try {
        allowed = await mayWatchClusterWide(this.client, CLUSTER_SCOPED_OWNED_TYPES);
      } catch (error) {
        log.warn(
          { err: (error as Error).message },
          'could not ask whether cluster-scoped objects may be watched; retrying',
        );
        await sleep(backoff.next(), this.abort.signal);
      }
    }
    log.info(
      { clusterScoped: Boolean(allowed) },
      allowed
        ? 'watching cluster-scoped owned objects'
        : 'not allowed to watch cluster-scoped objects (a namespaced install): rack awareness is not available',
    );
    if (!allowed) return;
    const cached = { namespaces: 'all' as const, ...this.watchOptions(), transform: withoutManagedFields };
    for (const type of CLUSTER_SCOPED_OWNED_TYPES) {
      const informer = new Informer<KubeObject>(this.client, {
        resource: type,
        labelSelector: MANAGED_SELECTOR,
        ...cached,
      });
      this.informers.set(type, informer);
      // A node reader deleted or edited by hand wakes its REC, which restores it.
      this.controller.watch(informer, (object) => clusterScopedOwnerKey(object, this.recInformer.list()));
    }
  }

  /**
   * Informers for what the install's options let the runner act on (see features.ts): the usage
   * meter's CronJobs, and the node pods of the starting policy. Asked until answered, like
   * watchClusterScoped.
   */
  private async watchFeatures(): Promise<void> {
    const log = this.options.logger;
    const backoff = new Backoff();
    let granted: RunnerFeatures | undefined;
    while (granted === undefined && !this.abort.signal.aborted) {
      try {
        granted = await grantedFeatures(this.client, this.options.namespaces);
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'could not ask which install options are granted; retrying');
        await sleep(backoff.next(), this.abort.signal);
      }
    }
    if (!granted) return;
    this.features = granted;
    log.info(
      { features: granted },
      `install options: ${Object.entries(granted)
        .map(
          ([feature, on]) =>
            `${feature} ${on ? 'on' : `off (rec-cdk8s install ${FEATURE_FLAGS[feature as keyof RunnerFeatures]})`}`,
        )
        .join(', ')}`,
    );
    const cached = { namespaces: this.options.namespaces, ...this.watchOptions() };
    if (granted.usageMeter) {
      for (const type of FEATURE_OWNED_TYPES) {
        const informer = new Informer<KubeObject>(this.client, {
          resource: type,
          labelSelector: MANAGED_SELECTOR,
          ...cached,
          transform: withoutManagedFields,
        });
        this.informers.set(type, informer);
        this.controller.watch(informer, (object) => ownerKey(object));
      }
    }
    if (granted.podStartingPolicy) {
      // The node pods only (by their labels; the cluster label says whose): slimmed, since pods
      // are many and large and the policy reads a few status fields.
      const informer = new Informer<KubeObject>(this.client, {
        resource: RESOURCE.pod,
        labelSelector: `${APP_LABEL}=${APP_LABEL_VALUE},${ROLE_LABEL}=${ROLE_NODE}`,
        ...cached,
        transform: slimPod,
      });
      this.informers.set(RESOURCE.pod, informer);
      // Only a pod waiting in ContainerCreating wakes its REC: a pod's other status changes are
      // frequent and ask nothing of the policy.
      this.controller.watch(informer, (pod) => (creatingSince(pod) === undefined ? undefined : ownerKey(pod)));
    }
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
    await Promise.allSettled([...this.informers.values()].map((i) => i.stopped()));
    await Promise.allSettled([this.leading]);
    await Promise.all(this.servers.map((s) => s.close()));
    this.client.close();
    this.electionClient.close();
  }
}

/** The REC an object of a cluster belongs to, as `namespace/name`, from its cluster label. */
function ownerKey(object: KubeObject): string | undefined {
  const cluster = object.metadata.labels?.[CLUSTER_LABEL];
  return cluster && object.metadata.namespace ? `${object.metadata.namespace}/${cluster}` : undefined;
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
  const stuck = getOrCreate(
    registry,
    'rec_stuck_pods_deleted_total',
    () =>
      new Counter({
        name: 'rec_stuck_pods_deleted_total',
        help: 'Node pods deleted because they were stuck in ContainerCreating past podStartingPolicy.startingThresholdSeconds.',
        registers: [registry],
      }),
  );
  return {
    stuckPodDeleted: () => stuck.inc(),
    driftCorrected: (kind) => drift.inc({ kind }),
    objectApplied: (kind) => applied.inc({ kind }),
    objectPruned: (kind) => pruned.inc({ kind }),
  };
}
