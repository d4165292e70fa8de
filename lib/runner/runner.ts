/**
 * The runner process: informers (RECs, every owned kind by label, the pods and events that say why
 * a cluster is not ready, and the install's node-reader binding) feed one controller whose
 * reconcile is `ClusterReconciler` (or, for the binding's request, its sweep); leader election decides who reconciles; a health server
 * answers probes and serves metrics. Caches run on every replica, so a standby that wins the
 * lease starts with warm caches; only the leader reconciles.
 *
 * One REC, from a watch event to applied objects, file by file:
 *   controller/informer.ts     a change to the REC (or to an object it owns) reaches the cache
 *   runner.ts (here)           ...and is mapped to a request: the REC's namespace and name
 *                              (readiness-watch.ts maps pods and Events, node-reader-watch.ts the binding)
 *   controller/request.ts      the request and its key; controller/work-queue.ts collapses repeats
 *   controller/controller.ts   a worker takes the request and calls the reconcile
 *   runner/reconciler.ts       the reconcile's steps, in order:
 *     desired-objects.ts         validate and synthesize the objects the spec asks for
 *     ingress-enablement.ts      the ingress method the spec asks for is one this install enables
 *     credentials.ts             the credentials Secret, found or made once
 *     node-reader-binding.ts     rack awareness: the REC's ServiceAccount in the install's binding
 *     apply.ts, prune.ts         apply what differs, delete what is no longer wanted
 *     readiness-reason.ts        why it is not ready, in Kubernetes' words; status-parity.ts
 *     status.ts, outcome.ts      the status to write, the events that tell what was done
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { KubeConfigSource } from '../kube/kubeconfig.js';
import { KubeClient, errorMessage, type FlowControl, type KubeObject } from '../kube/client.js';
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
  observeClient,
  reconcilerMetrics,
  requestFor,
  type Logger,
  type Registry,
  type Request,
} from '../controller/index.js';
import { CLUSTER_LABEL, clusterObjectNames } from '../names.js';
import { NODE_READER_CLUSTER_ROLE_BINDING } from '../node-rbac.js';
import type { IngressMethod } from '../spec/external-access.js';
import { requestKey } from '../controller/request.js';
import { MANAGED_SELECTOR } from './names.js';
import { ClusterReconciler } from './reconciler.js';
import { KubeEventRecorder } from './events.js';
import type { ObjectCache } from './object-cache.js';
import { FEATURE_OWNED_TYPES, WATCHED_OWNED_TYPES, ingressOwnedTypes } from './owned-types.js';
import { FEATURE_FLAGS, grantedFeatures, type RunnerFeatures } from './features.js';
import { SecretStore } from './secret-store.js';
import {
  CORE_EVENT,
  EVENT_SELECTORS,
  POD_SELECTOR,
  eventEssentials,
  podEssentials,
  readinessRequest,
} from './readiness-watch.js';
import {
  NODE_READER_BINDING_SELECTOR,
  NODE_READER_SWEEP_REQUEST,
  isNodeReaderSweep,
  mayWatchNodeReaderBinding,
  nodeReaderRequests,
} from './node-reader-watch.js';
import { NodeReaderBindingWriter } from './node-reader-binding.js';
import type { NodeReaderBinding } from './node-reader-subjects.js';
import { RUNNER_DEFAULTS } from './defaults.js';

export interface RunnerOptions {
  /** From `loadKubeConfig()`, or a client-node `KubeConfig`. */
  readonly kubeConfig: KubeConfigSource;
  /** Namespaces to watch, or 'all'. */
  readonly namespaces: string[] | 'all';
  /** Reconcile only while holding the Lease. @default false */
  readonly leaderElect?: boolean;
  /** @default the first watched namespace, else `default` */
  readonly leaseNamespace?: string;
  /** @default RUNNER_DEFAULTS.leaseName (rec-cdk8s-runner) */
  readonly leaseName?: string;
  /** @default POD_NAME, else hostname + a random suffix */
  readonly identity?: string;
  /** @default RUNNER_DEFAULTS.leaseDurationSeconds (15) */
  readonly leaseDurationSeconds?: number;
  /** Port of /healthz and /readyz (0: random). */
  readonly healthPort: number;
  /** Port of /metrics (0: random; the same number as healthPort: one server). */
  readonly metricsPort: number;
  /** RECs reconciled in parallel. @default RUNNER_DEFAULTS.workers (4) */
  readonly workers?: number;
  /** Full resync period; jittered by the controller. @default RUNNER_DEFAULTS.resyncSeconds (10 minutes) */
  readonly resyncMs?: number;
  readonly logger: Logger;
  /** Client-side rate limit of the API requests (not the Lease's). @default RUNNER_DEFAULTS (20 QPS, burst 30) */
  readonly flowControl?: FlowControl;
  /** Called when the Lease is lost (not released); `run` exits non-zero. */
  readonly onLeadershipLost?: () => void;
  /** Shortest server-side watch timeout; each watch gets a random one up to twice this, and is
   * abandoned after that plus a margin without a byte. @default RUNNER_DEFAULTS.minWatchTimeoutSeconds (300) */
  readonly minWatchTimeoutSeconds?: number;
  /** /readyz fails once an informer's watch has not worked for this long. @default RUNNER_DEFAULTS.watchUnreadyAfterSeconds (30 s) */
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
      this.nodeReaderInformer ? { binding: this.cachedNodeReaderBinding() } : undefined,
    );
    this.reconciler = new ClusterReconciler({
      client: writer,
      cache,
      nodeReader: this.nodeReader,
      events: new KubeEventRecorder(writer, options.identity ?? hostname(), (error) =>
        log.warn({ err: errorMessage(error) }, 'could not record an event'),
      ),
      log,
      metrics: reconcilerMetrics(this.registry),
      secrets,
      ingressMethods,
      ...(options.istioGatewaySelector ? { istioGatewaySelector: options.istioGatewaySelector } : {}),
      features: () => this.features,
    });
    this.controller = new Controller({
      name: 'redisenterprisecluster',
      reconcile: (request) =>
        isNodeReaderSweep(request) ? this.sweepNodeReader() : this.reconciler.reconcile(request),
      workers: options.workers ?? RUNNER_DEFAULTS.workers,
      resyncMs: options.resyncMs ?? RUNNER_DEFAULTS.resyncSeconds * 1000,
      resyncRequests: () => [
        ...recInformer.list().map(requestFor),
        ...(this.nodeReaderInformer ? [NODE_READER_SWEEP_REQUEST] : []),
      ],
      registry: this.registry,
      logger: log,
    });
    // A REC or StatefulSet gone may leave an entry in the node-reader binding that nothing needs:
    // then the sweep too. Whether it is gone is read from the cache, which has the change before
    // any handler hears of it, not from the event: the mappers know nothing of what woke them.
    const sweepIfGone = (informer: Informer<KubeObject>, object: KubeObject): Request[] =>
      this.nodeReaderInformer && !informer.get(object.metadata.namespace, object.metadata.name)
        ? [NODE_READER_SWEEP_REQUEST]
        : [];
    // A REC's change, its deletion included, asks for its own reconcile, which finds out what happened.
    this.controller.watch(recInformer, (rec) => [requestFor(rec), ...sweepIfGone(recInformer, rec)]);
    // A change to anything a REC owns wakes that REC: deleting a Service or editing replicas by hand is undone.
    for (const type of watchedOwned) {
      const informer = this.informers.get(type)!;
      this.controller.watch(informer, (object) => {
        const owner = clusterRequest(object);
        return [...(owner ? [owner] : []), ...(type === RESOURCE.statefulSet ? sweepIfGone(informer, object) : [])];
      });
    }
    // A pod that cannot be scheduled or started, a failed pod creation, a claim's event: the REC's
    // status says why it is not ready.
    for (const informer of [this.informers.get(RESOURCE.pod)!, ...this.eventInformers])
      this.controller.watch(informer, (object) => readinessRequest(object, cache));
  }

  /** Every informer: owned kinds, RECs, pods, the binding, and the event watches. */
  private allInformers(): Informer<KubeObject>[] {
    return [...this.informers.values(), ...this.eventInformers];
  }

  /** The node-reader binding as cached (undefined: absent, or not watched). */
  private cachedNodeReaderBinding(): NodeReaderBinding | undefined {
    return this.nodeReaderInformer?.get(undefined, NODE_READER_CLUSTER_ROLE_BINDING);
  }

  private watchOptions() {
    return {
      logger: this.options.logger,
      minWatchTimeoutSeconds: this.options.minWatchTimeoutSeconds ?? RUNNER_DEFAULTS.minWatchTimeoutSeconds,
      unhealthyAfterMs: this.options.watchUnreadyAfterMs ?? RUNNER_DEFAULTS.watchUnreadyAfterSeconds * 1000,
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
    await this.watchFeatures();
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
      name: this.options.leaseName ?? RUNNER_DEFAULTS.leaseName,
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
          { err: errorMessage(error) },
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
    // The binding changed (by us, another runner, or by hand): the sweep, and each REC the binding
    // as cached now does not serve as that REC needs (node-reader-watch.ts).
    this.controller.watch(informer, () => nodeReaderRequests(this.cachedNodeReaderBinding(), this.recInformer.list()));
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
    const removed = await this.nodeReader.sweep(({ namespace, name }) => {
      return (
        (namespaces === 'all' || namespaces.includes(namespace)) &&
        !this.recInformer.get(namespace, name) &&
        !statefulSets.get(namespace, clusterObjectNames(name).statefulSet)
      );
    });
    if (removed.length > 0)
      this.options.logger.info(
        { recs: removed.map(requestKey) },
        `removed from ClusterRoleBinding ${NODE_READER_CLUSTER_ROLE_BINDING}: their RECs and StatefulSets are gone`,
      );
  }

  /**
   * What the install's options let the runner act on (see features.ts), asked until answered like
   * watchNodeReaderBinding; and an informer for the usage meter's CronJobs when it may.
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
    if (!granted.usageMeter) return;
    for (const type of FEATURE_OWNED_TYPES) {
      const informer = new Informer<KubeObject>(this.client, {
        resource: type,
        labelSelector: MANAGED_SELECTOR,
        namespaces: this.options.namespaces,
        ...this.watchOptions(),
        transform: withoutManagedFields,
      });
      this.informers.set(type, informer);
      this.controller.watch(informer, (object) => clusterRequest(object));
    }
    // podStartingPolicy needs no informer of its own: the node pods are watched for the status
    // (readiness-watch.ts), and a pod's change wakes its REC, which sees one stuck in creation.
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

/** The REC an owned object belongs to, by its cluster label (every object a REC makes carries it). */
function clusterRequest(object: KubeObject): Request | undefined {
  const cluster = object.metadata.labels?.[CLUSTER_LABEL];
  return cluster && object.metadata.namespace ? { namespace: object.metadata.namespace, name: cluster } : undefined;
}
