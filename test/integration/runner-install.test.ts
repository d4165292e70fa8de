/**
 * On a real API server: the runner's install applies (server-side) and rolls out on kwok nodes,
 * the CRD becomes Established, and the runner's own ServiceAccount token (TokenRequest API) can do
 * exactly what the runner does: everything it needs in the namespaces it watches, nothing in one
 * it does not, no Nodes in a namespaced install, no `escalate` or `bind`, and the Lease only in
 * its own namespace. It can create the Roles a REC needs (the escalation check passes) and cannot
 * grant more than it holds. The all-namespaces variant passes a server-side dry run, and applied
 * for real the runner may edit the subjects of the one node-reader ClusterRoleBinding it ships,
 * and create, delete or change no other cluster RBAC (not `cluster-admin`'s binding, not its own).
 * The kinds of the ingress methods (Ingress, Istio, Route) are granted only by an install that
 * enables them, and then only in the watched namespaces.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthenticationV1Api,
  AuthorizationV1Api,
  KubeConfig,
  type V1ResourceAttributes,
} from '@kubernetes/client-node';
import { KubeApiError, KubeClient, type KubeObject } from '../../lib/kube/client.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import { CRD_NAME } from '../../lib/api/crd/crd.js';
import { desiredObjects } from '../../lib/runner/desired-objects.js';
import { installManifests } from '../../lib/render/install-manifests.js';
import { TEST_NAMESPACE_LABEL, testKubeConfig, uniqueName, waitFor, withNamespace } from '../support/cluster.js';
import { serviceAccountToken } from './helpers/runner-process.js';
import { apiError } from './helpers/api-error.js';

const FIELD_MANAGER = 'rec-cdk8s-runner-install-tests';
const RUNNER = 'rec-runner';
const MANAGE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const NODE_READER = 'redis-enterprise-node-reader';
type Binding = KubeObject & { subjects?: { kind: string; name: string; namespace?: string }[] };

const admin = testKubeConfig();
const client = KubeClient.fromKubeConfig(admin, { userAgent: 'rec-cdk8s-tests' });
after(() => client.close());

/** Our test label on the Namespace object, so leftovers are found like those of withNamespace. */
function labelled(objects: KubeObject[]): KubeObject[] {
  return objects.map((o) =>
    o.kind === 'Namespace'
      ? { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, [TEST_NAMESPACE_LABEL]: 'true' } } }
      : o,
  );
}

async function applyAll(objects: KubeObject[], options: { dryRun?: boolean } = {}): Promise<KubeObject[]> {
  const applied: KubeObject[] = [];
  for (const object of objects) {
    try {
      applied.push(await client.apply(object, { fieldManager: FIELD_MANAGER, ...options }));
    } catch (error) {
      throw new Error(
        `applying ${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}${options.dryRun ? ' (dry run)' : ''}: ${(error as Error).message}`,
      );
    }
  }
  return applied;
}

async function crdEstablished(): Promise<void> {
  await waitFor(
    async () => {
      const crd = await client.get(RESOURCE.customResourceDefinition, undefined, CRD_NAME);
      return ((crd?.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some(
        (c) => c.type === 'Established' && c.status === 'True',
      );
    },
    { description: `CRD ${CRD_NAME} Established`, timeoutMs: 60_000 },
  );
}

/** A KubeConfig for the same cluster that authenticates with a token of the runner's ServiceAccount. */
async function runnerKubeConfig(namespace: string, serviceAccount = RUNNER): Promise<KubeConfig> {
  const token = await serviceAccountToken(admin, namespace, serviceAccount);
  const cluster = admin.getCurrentCluster();
  assert.ok(cluster, 'the admin kubeconfig has a current cluster');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: RUNNER, token }],
    contexts: [{ name: RUNNER, cluster: cluster.name, user: RUNNER }],
    currentContext: RUNNER,
  });
  return kc;
}

interface Check extends V1ResourceAttributes {
  verb: string;
  resource: string;
  allowed: boolean;
}

const checks = (
  allowed: boolean,
  namespace: string | undefined,
  group: string,
  resource: string,
  verbs: string[],
  subresource?: string,
): Check[] =>
  verbs.map((verb) => ({
    allowed,
    verb,
    group,
    resource,
    ...(namespace ? { namespace } : {}),
    ...(subresource ? { subresource } : {}),
  }));

const OWNED = ['list', 'watch', 'create', 'patch', 'delete'];

/** A check on the ClusterRoleBinding `name`, cluster-wide. */
const bindingCheck = (allowed: boolean, verb: string, name: string): Check => ({
  allowed,
  verb,
  group: 'rbac.authorization.k8s.io',
  resource: 'clusterrolebindings',
  name,
});

/** What the runner needs in a namespace it watches (the test's copy of the brief, not of the code). */
function watchedNamespaceChecks(ns: string): Check[] {
  return [
    ...checks(true, ns, 'app.redislabs.com', 'redisenterpriseclusters', ['get', 'list', 'watch', 'patch']),
    ...checks(false, ns, 'app.redislabs.com', 'redisenterpriseclusters', ['create', 'delete', 'update']),
    ...checks(true, ns, 'app.redislabs.com', 'redisenterpriseclusters', ['patch'], 'status'),
    ...checks(true, ns, 'app.redislabs.com', 'redisenterpriseclusters', ['update'], 'finalizers'),
    ...['serviceaccounts', 'services'].flatMap((r) => checks(true, ns, '', r, OWNED)),
    ...checks(true, ns, 'apps', 'statefulsets', ['get', ...OWNED]),
    ...checks(true, ns, 'apps', 'deployments', OWNED),
    ...checks(true, ns, 'policy', 'poddisruptionbudgets', OWNED),
    ...checks(true, ns, 'rbac.authorization.k8s.io', 'roles', ['get', ...OWNED]),
    ...checks(true, ns, 'rbac.authorization.k8s.io', 'rolebindings', ['get', ...OWNED]),
    ...checks(true, ns, '', 'persistentvolumeclaims', ['get', 'list', 'watch', 'create', 'patch']),
    ...checks(false, ns, '', 'persistentvolumeclaims', ['delete']),
    // Secrets by name only: no list, no watch (they would read every Secret).
    ...checks(true, ns, '', 'secrets', ['get', 'create', 'patch', 'delete']),
    ...checks(false, ns, '', 'secrets', ['list', 'watch', 'update', 'deletecollection']),
    // What only the REC pods need: granted to them by the installed ClusterRole, not held here.
    ...checks(false, ns, '', 'endpoints', ['get', 'create', 'patch']),
    ...checks(false, ns, 'discovery.k8s.io', 'endpointslices', ['get', 'create']),
    ...checks(false, ns, '', 'configmaps', ['get', 'create', 'patch']),
    // Pods are watched by label (why a cluster is not ready), never read one by one or written.
    ...checks(true, ns, '', 'pods', ['list', 'watch']),
    ...checks(false, ns, '', 'pods', ['get', 'patch', 'update', 'create', 'delete']),
    ...checks(false, ns, '', 'pods', ['create'], 'exec'),
    ...checks(true, ns, '', 'events', ['list', 'watch', 'create', 'patch']),
    // bind on the one installed ClusterRole, by name; never escalate, never another role.
    {
      allowed: true,
      verb: 'bind',
      group: 'rbac.authorization.k8s.io',
      resource: 'clusterroles',
      name: 'redis-enterprise-node',
      namespace: ns,
    },
    {
      allowed: false,
      verb: 'bind',
      group: 'rbac.authorization.k8s.io',
      resource: 'clusterroles',
      name: 'admin',
      namespace: ns,
    },
    ...checks(false, ns, 'rbac.authorization.k8s.io', 'roles', ['escalate', 'bind']),
    ...checks(false, ns, 'rbac.authorization.k8s.io', 'clusterroles', ['escalate', 'bind']),
    ...checks(false, ns, '', 'serviceaccounts', ['impersonate']),
    ...checks(false, ns, '', 'serviceaccounts', ['create'], 'token'),
    ...checks(false, ns, '*', '*', ['*']),
  ];
}

/** The kinds of the ingress methods: an install grants them only when it enables the method. */
const INGRESS_METHOD_KINDS = [
  ['networking.k8s.io', 'ingresses'],
  ['networking.istio.io', 'gateways'],
  ['networking.istio.io', 'virtualservices'],
  ['route.openshift.io', 'routes'],
] as const;

function ingressMethodChecks(allowed: boolean, ns: string): Check[] {
  return [
    ...INGRESS_METHOD_KINDS.flatMap(([group, resource]) => checks(allowed, ns, group, resource, OWNED)),
    // OpenShift checks it when a Route sets its own host (apiFqdnUrl).
    ...checks(allowed, ns, 'route.openshift.io', 'routes', ['create'], 'custom-host'),
    // Never more than the runner does with them, enabled or not.
    ...INGRESS_METHOD_KINDS.flatMap(([group, resource]) =>
      checks(false, ns, group, resource, ['get', 'update', 'deletecollection']),
    ),
  ];
}

/** Nothing in a namespace the runner does not watch. */
function unwatchedNamespaceChecks(ns: string): Check[] {
  return [
    ...checks(false, ns, '', 'secrets', ['get', 'list', 'watch', 'create']),
    ...checks(false, ns, 'apps', 'statefulsets', ['create', 'get', 'list']),
    ...checks(false, ns, 'app.redislabs.com', 'redisenterpriseclusters', ['get', 'list', 'watch']),
    ...checks(false, ns, 'rbac.authorization.k8s.io', 'roles', ['create']),
    ...checks(false, ns, 'coordination.k8s.io', 'leases', ['get', 'create', 'update']),
    ...checks(false, ns, '', 'events', ['create']),
  ];
}

/** Runs every check as the runner; returns the ones whose answer differs from the expectation. */
async function mismatches(kc: KubeConfig, list: Check[]): Promise<string[]> {
  const authz = kc.makeApiClient(AuthorizationV1Api);
  const results = await Promise.all(
    list.map(async ({ allowed, ...attributes }) => {
      const review = await authz.createSelfSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: attributes },
        },
      });
      const got = review.status?.allowed === true;
      const what = `${attributes.verb} ${attributes.group || 'core'}/${attributes.resource}${attributes.subresource ? `/${attributes.subresource}` : ''} in ${attributes.namespace ?? '(cluster)'}`;
      return got === allowed
        ? undefined
        : `${what}: expected ${allowed ? 'allowed' : 'denied'}, got ${got ? 'allowed' : 'denied'}`;
    }),
  );
  return results.filter((r): r is string => r !== undefined);
}

/** RBAC reaches the authorizer through an informer: wait until the probe check is allowed. */
async function waitForGrant(kc: KubeConfig, probe: Check): Promise<void> {
  await waitFor(() => mismatches(kc, [probe]), {
    description: `RBAC to allow ${probe.verb} ${probe.resource} in ${probe.namespace ?? '(cluster)'}`,
    until: (m) => m.length === 0,
    timeoutMs: 30_000,
  });
}

const refusal = (promise: Promise<unknown>): Promise<KubeApiError> => apiError(promise, 'the API server allowed it');

async function deploymentAvailable(namespace: string, replicas: number): Promise<void> {
  await waitFor(() => client.get(RESOURCE.deployment, namespace, RUNNER), {
    description: `deployment ${namespace}/${RUNNER} with ${replicas} available replicas (kwok pods)`,
    until: (d) => (d?.status as { availableReplicas?: number } | undefined)?.availableReplicas === replicas,
    timeoutMs: 120_000,
  });
}

test('namespaced install: applies, rolls out, and the runner token may do exactly what the runner does', async (t) => {
  const watched = await withNamespace(t, 'rec-watched');
  const unwatched = await withNamespace(t, 'rec-unwatched');
  const runnerNs = uniqueName('rec-runner-ns');
  t.after(async () => {
    if (process.env.REC_TEST_KEEP_NAMESPACES === '1') return;
    await client.delete(RESOURCE.namespace, undefined, runnerNs, { propagationPolicy: 'Background' });
  });

  const objects = labelled(installManifests({ namespace: runnerNs, watchNamespaces: [runnerNs, watched] }));
  assert.deepEqual(
    objects.slice(0, 2).map((o) => o.kind),
    ['CustomResourceDefinition', 'Namespace'],
  );
  const applied = await applyAll(objects);
  assert.equal(applied.length, objects.length);
  await crdEstablished();

  // The install is what the API server keeps: one Role per watched namespace, no ClusterRole.
  for (const ns of [runnerNs, watched]) assert.ok(await client.get(RESOURCE.role, ns, RUNNER), `Role ${ns}/${RUNNER}`);
  assert.ok(await client.get(RESOURCE.role, runnerNs, 'rec-runner-leader-election'), 'leader-election Role');
  assert.equal(await client.get(RESOURCE.role, unwatched, RUNNER), undefined);
  assert.equal(await client.get(RESOURCE.clusterRole, undefined, `rec-runner-${runnerNs}`), undefined);
  const service = await client.get(RESOURCE.service, runnerNs, 'rec-runner-metrics');
  assert.deepEqual(
    (service?.spec as { ports: { name: string; port: number }[] }).ports.map((p) => [p.name, p.port]),
    [['metrics', 8080]],
  );
  assert.ok(await client.get(RESOURCE.podDisruptionBudget, runnerNs, RUNNER), 'PodDisruptionBudget');
  await deploymentAvailable(runnerNs, 2);

  const kc = await runnerKubeConfig(runnerNs);
  const review = await kc
    .makeApiClient(AuthenticationV1Api)
    .createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
  assert.equal(review.status?.userInfo?.username, `system:serviceaccount:${runnerNs}:${RUNNER}`);

  await waitForGrant(kc, {
    allowed: true,
    verb: 'list',
    group: 'app.redislabs.com',
    resource: 'redisenterpriseclusters',
    namespace: watched,
  });
  await waitForGrant(kc, {
    allowed: true,
    verb: 'list',
    group: 'app.redislabs.com',
    resource: 'redisenterpriseclusters',
    namespace: runnerNs,
  });
  await waitForGrant(kc, {
    allowed: true,
    verb: 'create',
    group: 'coordination.k8s.io',
    resource: 'leases',
    namespace: runnerNs,
  });

  const expectations: Check[] = [
    ...watchedNamespaceChecks(watched),
    ...watchedNamespaceChecks(runnerNs),
    ...ingressMethodChecks(false, watched),
    ...unwatchedNamespaceChecks(unwatched),
    ...checks(true, runnerNs, 'coordination.k8s.io', 'leases', ['get', 'create', 'update']),
    ...checks(false, runnerNs, 'coordination.k8s.io', 'leases', ['delete', 'list']),
    ...checks(false, watched, 'coordination.k8s.io', 'leases', ['get', 'create', 'update']),
    // Nothing cluster-wide in a namespaced install.
    ...checks(false, undefined, '', 'nodes', ['get', 'list', 'watch']),
    ...checks(false, undefined, 'rbac.authorization.k8s.io', 'clusterroles', [
      'get',
      'create',
      'delete',
      'escalate',
      'bind',
    ]),
    {
      allowed: false,
      verb: 'bind',
      group: 'rbac.authorization.k8s.io',
      resource: 'clusterroles',
      name: 'redis-enterprise-node-reader',
    },
    ...checks(false, undefined, 'rbac.authorization.k8s.io', 'clusterrolebindings', ['create']),
    ...checks(false, undefined, '', 'namespaces', ['get', 'list', 'create']),
    ...checks(false, undefined, 'apiextensions.k8s.io', 'customresourcedefinitions', ['get', 'create', 'update']),
    ...checks(false, undefined, '', 'secrets', ['list', 'watch', 'get']),
  ];
  assert.deepEqual(await mismatches(kc, expectations), [], `${expectations.length} access checks`);

  // The real requests, as the runner: the Roles a REC needs pass the escalation check...
  const runner = KubeClient.fromKubeConfig(kc, { userAgent: 'rec-cdk8s-runner-tests' });
  t.after(() => runner.close());
  const rec = desiredObjects({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'rec', namespace: watched, uid: 'u' },
    spec: { license: 'L', clusterCredentialSecretName: 'mine' },
  }).objects;
  // Without the owner reference to the REC: no REC of that uid exists, and garbage collection would
  // delete them while the test looks (ownership is the runner tests' business, RBAC is this one's).
  const recRbac = rec
    .filter((o) => o.kind === 'Role' || o.kind === 'RoleBinding' || o.kind === 'ServiceAccount')
    .map((o) => ({ ...o, metadata: { ...o.metadata, ownerReferences: undefined } }));
  assert.deepEqual(
    recRbac.map((o) => `${o.kind}/${o.metadata.name}`),
    ['ServiceAccount/rec', 'Role/rec', 'RoleBinding/rec', 'RoleBinding/rec.node'],
  );
  for (const object of recRbac) await runner.apply(object, { fieldManager: 'rec-cdk8s' });
  assert.ok(await client.get(RESOURCE.role, watched, 'rec'), "the REC's Role, created by the runner");
  const nodeBinding = await client.get<KubeObject & { roleRef: { name: string } }>(
    RESOURCE.roleBinding,
    watched,
    'rec.node',
  );
  assert.equal(
    nodeBinding?.roleRef.name,
    'redis-enterprise-node',
    'bound by the runner, which holds none of its rules',
  );

  // What the REC's pods may do, asked as their ServiceAccount: the node rules, and their Secrets by name only.
  const pods = await runnerKubeConfig(watched, 'rec');
  await waitForGrant(pods, { allowed: true, verb: 'patch', group: '', resource: 'pods', namespace: watched });
  assert.deepEqual(
    await mismatches(pods, [
      ...checks(true, watched, '', 'pods', ['get', 'list', 'watch', 'patch']),
      ...checks(true, watched, '', 'endpoints', ['create', 'delete']),
      ...checks(true, watched, '', 'configmaps', ['create', 'patch']),
      { allowed: true, verb: 'get', group: '', resource: 'secrets', name: 'mine', namespace: watched },
      { allowed: true, verb: 'get', group: '', resource: 'secrets', name: 'rec-license', namespace: watched },
      { allowed: false, verb: 'get', group: '', resource: 'secrets', name: 'someone-elses', namespace: watched },
      ...checks(false, watched, '', 'secrets', ['list', 'watch', 'get']),
      ...checks(false, unwatched, '', 'pods', ['get']),
    ]),
    [],
    "the REC pods' access",
  );

  // ...but it cannot grant what it does not hold, nor touch a namespace it does not watch.
  const wildcard = await refusal(
    runner.apply(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'too-much', namespace: watched },
        rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
      },
      { fieldManager: 'rec-cdk8s' },
    ),
  );
  assert.equal(wildcard.code, 403, wildcard.message);
  const bindAdmin = await refusal(
    runner.apply(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'bind-admin', namespace: watched },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
        subjects: [{ kind: 'ServiceAccount', name: 'rec', namespace: watched }],
      },
      { fieldManager: 'rec-cdk8s' },
    ),
  );
  assert.equal(bindAdmin.code, 403, bindAdmin.message);
  const secret = await refusal(
    runner.apply(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'nope', namespace: unwatched }, data: {} },
      { fieldManager: 'rec-cdk8s' },
    ),
  );
  assert.equal(secret.code, 403, secret.message);
  const listSecrets = await refusal(runner.list(RESOURCE.secret, { namespace: watched }));
  assert.equal(listSecrets.code, 403, listSecrets.message);
  // A Role granting what the REC pods get from the installed ClusterRole: the runner does not hold it.
  const podsRole = await refusal(
    runner.apply(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'pods', namespace: watched },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['patch'] }],
      },
      { fieldManager: 'rec-cdk8s' },
    ),
  );
  assert.equal(podsRole.code, 403, podsRole.message);
  const nodes = await refusal(runner.list(RESOURCE.node));
  assert.equal(nodes.code, 403, nodes.message);

  // Leader election works as the runner, in its own namespace only.
  const lease = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    spec: { holderIdentity: 'test', leaseDurationSeconds: 15 },
  };
  const created = await runner.create({ ...lease, metadata: { name: 'rec-cdk8s-runner', namespace: runnerNs } });
  assert.ok(await runner.get(RESOURCE.lease, runnerNs, 'rec-cdk8s-runner'));
  await runner.update({ ...created, spec: { holderIdentity: 'test-2', leaseDurationSeconds: 15 } });
  const elsewhere = await refusal(
    runner.create({ ...lease, metadata: { name: 'rec-cdk8s-runner', namespace: watched } }),
  );
  assert.equal(elsewhere.code, 403, elsewhere.message);
});

test('an install enabling every ingress method: their kinds, and Route hosts, in each watched namespace only', async (t) => {
  const runnerNs = await withNamespace(t, 'rec-runner-ingress');
  const watched = await withNamespace(t, 'rec-watched-ingress');
  const unwatched = await withNamespace(t, 'rec-unwatched-ingress');
  const objects = installManifests({
    namespace: runnerNs,
    watchNamespaces: [runnerNs, watched],
    ingress: true,
    istio: true,
    openShiftRoute: true,
  });
  // The identity and its grants; the rest of the install is the other tests' business.
  await applyAll(objects.filter((o) => ['ServiceAccount', 'Role', 'RoleBinding'].includes(o.kind)));
  const kc = await runnerKubeConfig(runnerNs);
  await waitForGrant(kc, {
    allowed: true,
    verb: 'list',
    group: 'networking.istio.io',
    resource: 'gateways',
    namespace: watched,
  });
  const expectations: Check[] = [
    ...ingressMethodChecks(true, watched),
    ...ingressMethodChecks(true, runnerNs),
    ...watchedNamespaceChecks(watched),
    ...ingressMethodChecks(false, unwatched),
  ];
  assert.deepEqual(await mismatches(kc, expectations), [], `${expectations.length} access checks`);
});

test('all-namespaces install: a server-side dry run of every object succeeds', async (t) => {
  const ns = await withNamespace(t, 'rec-runner-all-dry');
  const objects = installManifests({ namespace: ns, watchNamespaces: 'all' });
  assert.deepEqual(
    objects
      .filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')
      .map((o) => `${o.kind}/${o.metadata.name}`),
    [
      'ClusterRole/redis-enterprise-node',
      'ClusterRole/redis-enterprise-node-reader',
      `ClusterRole/rec-runner-${ns}`,
      'ClusterRoleBinding/redis-enterprise-node-reader',
      `ClusterRoleBinding/rec-runner-${ns}`,
    ],
  );
  const results = await applyAll(labelled(objects), { dryRun: true });
  assert.deepEqual(
    results.map((o) => `${o.kind}/${o.metadata.name}`),
    objects.map((o) => `${o.kind}/${o.metadata.name}`),
  );
  // A dry run persists nothing.
  assert.equal(await client.get(RESOURCE.clusterRole, undefined, `rec-runner-${ns}`), undefined);
  assert.equal(await client.get(RESOURCE.deployment, ns, RUNNER), undefined);
});

test("all-namespaces install, applied: any namespace, no Secret list, of cluster RBAC only the node reader's binding written (by name), nothing created or deleted", async (t) => {
  const ns = await withNamespace(t, 'rec-runner-all');
  const elsewhere = await withNamespace(t, 'rec-anywhere');
  const clusterScoped = `rec-runner-${ns}`;
  t.after(async () => {
    await client.delete(RESOURCE.clusterRoleBinding, undefined, clusterScoped);
    await client.delete(RESOURCE.clusterRole, undefined, clusterScoped);
    await client.delete(RESOURCE.clusterRoleBinding, undefined, NODE_READER);
  });
  await applyAll(labelled(installManifests({ namespace: ns, watchNamespaces: 'all' })));
  await crdEstablished();
  await deploymentAvailable(ns, 2);

  const kc = await runnerKubeConfig(ns);
  await waitForGrant(kc, {
    allowed: true,
    verb: 'list',
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterrolebindings',
    name: NODE_READER,
  });
  await waitForGrant(kc, {
    allowed: true,
    verb: 'create',
    group: 'coordination.k8s.io',
    resource: 'leases',
    namespace: ns,
  });
  const expectations: Check[] = [
    ...watchedNamespaceChecks(elsewhere),
    ...watchedNamespaceChecks(ns),
    ...ingressMethodChecks(false, elsewhere),
    // The finding: no cluster-wide Secret list or watch.
    ...checks(false, undefined, '', 'secrets', ['list', 'watch']),
    ...checks(true, undefined, 'app.redislabs.com', 'redisenterpriseclusters', ['list', 'watch']),
    // Nodes are the REC pods' (the installed node-reader ClusterRole), not the runner's.
    ...checks(false, undefined, '', 'nodes', ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
    // No ClusterRole created, changed or deleted; bind on the two installed ones only.
    ...checks(false, undefined, 'rbac.authorization.k8s.io', 'clusterroles', [...MANAGE, 'escalate', 'bind']),
    {
      allowed: true,
      verb: 'bind',
      group: 'rbac.authorization.k8s.io',
      resource: 'clusterroles',
      name: 'redis-enterprise-node-reader',
    },
    {
      allowed: true,
      verb: 'bind',
      group: 'rbac.authorization.k8s.io',
      resource: 'clusterroles',
      name: 'redis-enterprise-node',
    },
    {
      allowed: false,
      verb: 'bind',
      group: 'rbac.authorization.k8s.io',
      resource: 'clusterroles',
      name: 'cluster-admin',
    },
    // ClusterRoleBindings: the node reader's, by name, read, watched and updated (its subjects); no
    // other, none created, none deleted (not even that one).
    ...['get', 'list', 'watch', 'update'].map((verb) => bindingCheck(true, verb, NODE_READER)),
    ...['patch', 'delete'].map((verb) => bindingCheck(false, verb, NODE_READER)),
    ...checks(false, undefined, 'rbac.authorization.k8s.io', 'clusterrolebindings', [...MANAGE, 'deletecollection']),
    ...MANAGE.map((verb) => bindingCheck(false, verb, 'cluster-admin')),
    ...MANAGE.map((verb) => bindingCheck(false, verb, clusterScoped)),
    ...checks(true, ns, 'coordination.k8s.io', 'leases', ['get', 'create', 'update']),
    ...checks(false, elsewhere, 'coordination.k8s.io', 'leases', ['get', 'create', 'update']),
    ...checks(false, undefined, 'coordination.k8s.io', 'leases', ['list']),
    ...checks(false, undefined, '', 'namespaces', ['create', 'delete']),
    ...checks(false, undefined, 'apiextensions.k8s.io', 'customresourcedefinitions', ['create', 'update', 'delete']),
    ...checks(false, undefined, '*', '*', ['*']),
  ];
  assert.deepEqual(await mismatches(kc, expectations), [], `${expectations.length} access checks`);

  // As the runner: a REC's ServiceAccount added to the installed binding (read, then written back
  // with its resourceVersion) passes the escalation check by `bind` on the installed ClusterRole.
  const runner = KubeClient.fromKubeConfig(kc, { userAgent: 'rec-cdk8s-runner-tests' });
  t.after(() => runner.close());
  const { items: listed } = await runner.list<Binding>(RESOURCE.clusterRoleBinding, {
    fieldSelector: `metadata.name=${NODE_READER}`,
  });
  assert.deepEqual(
    listed.map((b) => b.metadata.name),
    [NODE_READER],
    'listed by name (a list limited by resourceNames must select that name)',
  );
  const shipped = listed[0]!;
  assert.equal(shipped.subjects, undefined, 'shipped without subjects');
  const updated = await runner.update<Binding>(
    { ...shipped, subjects: [{ kind: 'ServiceAccount', name: 'rack', namespace: elsewhere }] },
    { fieldManager: 'rec-cdk8s' },
  );
  assert.deepEqual(
    updated.subjects?.map((s) => `${s.namespace}/${s.name}`),
    [`${elsewhere}/rack`],
  );
  const stale = await refusal(runner.update({ ...shipped, subjects: [] }, { fieldManager: 'rec-cdk8s' }));
  assert.equal(stale.code, 409, 'written back at a resourceVersion that is no longer current: refused, not lost');
  // Applying the install again leaves the subjects the runner added (its manager does not own them).
  await applyAll(
    labelled(installManifests({ namespace: ns, watchNamespaces: 'all' })).filter(
      (o) => o.kind === 'ClusterRoleBinding',
    ),
  );
  assert.deepEqual(
    (await client.get<Binding>(RESOURCE.clusterRoleBinding, undefined, NODE_READER))?.subjects?.map((s) => s.name),
    ['rack'],
  );

  // ...and nothing else of cluster RBAC: no binding created (not even to the node reader), none
  // deleted, no other one changed, not cluster-admin's, not its own.
  const create = await refusal(
    runner.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${clusterScoped}-reader` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NODE_READER },
      subjects: [{ kind: 'ServiceAccount', name: 'rack', namespace: elsewhere }],
    }),
  );
  assert.equal(create.code, 403, create.message);
  for (const name of [NODE_READER, 'cluster-admin', clusterScoped]) {
    const deleted = await refusal(runner.delete(RESOURCE.clusterRoleBinding, undefined, name));
    assert.equal(deleted.code, 403, `delete ${name}: ${deleted.message}`);
  }
  const clusterAdmin = (await client.get<Binding>(RESOURCE.clusterRoleBinding, undefined, 'cluster-admin'))!;
  const escalate = await refusal(
    runner.update(
      {
        ...clusterAdmin,
        subjects: [...(clusterAdmin.subjects ?? []), { kind: 'ServiceAccount', name: RUNNER, namespace: ns }],
      },
      { fieldManager: 'rec-cdk8s' },
    ),
  );
  assert.equal(escalate.code, 403, escalate.message);
  const own = (await client.get<Binding>(RESOURCE.clusterRoleBinding, undefined, clusterScoped))!;
  const widen = await refusal(
    runner.update({ ...own, subjects: [...(own.subjects ?? []), { kind: 'Group', name: 'system:authenticated' }] }),
  );
  assert.equal(widen.code, 403, widen.message);
  const listAll = await refusal(runner.list(RESOURCE.clusterRoleBinding));
  assert.equal(listAll.code, 403, 'no list of every binding');
  const applied = await refusal(runner.apply(shipped, { fieldManager: 'rec-cdk8s' }));
  assert.equal(applied.code, 403, 'no patch (a server-side apply would replace the whole subjects list)');
  const nodes = await refusal(runner.list(RESOURCE.node));
  assert.equal(nodes.code, 403, 'the runner itself reads no Node');

  const clusterRole = await refusal(
    runner.apply(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: `${clusterScoped}-reader` },
        rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }],
      },
      { fieldManager: 'rec-cdk8s' },
    ),
  );
  assert.equal(clusterRole.code, 403, clusterRole.message);
  const deleteRole = await refusal(runner.delete(RESOURCE.clusterRole, undefined, 'redis-enterprise-node-reader'));
  assert.equal(deleteRole.code, 403, 'the installed ClusterRoles cannot be deleted by the runner');
  const bindClusterAdmin = await refusal(
    runner.apply(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `${clusterScoped}-cluster-admin` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'ServiceAccount', name: RUNNER, namespace: ns }],
      },
      { fieldManager: 'rec-cdk8s' },
    ),
  );
  assert.equal(bindClusterAdmin.code, 403, bindClusterAdmin.message);
  const listSecrets = await refusal(runner.list(RESOURCE.secret));
  assert.equal(listSecrets.code, 403, listSecrets.message);
});
