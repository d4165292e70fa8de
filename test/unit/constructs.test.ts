import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App, Chart } from 'cdk8s';
import { RedisEnterpriseCluster } from '../../constructs/redis-enterprise-cluster.js';
import { renderClusterManifest, type KubernetesObject } from '../../lib/render.js';
import { ClusterSpecError } from '../../lib/errors.js';
import { toYamlDocuments } from '../../lib/cli/commands.js';
import { ProductionRedisChart } from '../../examples/production-cluster.js';
import { fixtures } from '../fixtures/load.js';
import { matchSnapshot } from './helpers/snapshot.js';

type Obj = KubernetesObject & {
  spec?: any;
  data?: Record<string, string>;
  rules?: any[];
  roleRef?: any;
  subjects?: any[];
};

function render(spec: Record<string, unknown> = {}, name = 'rec', namespace = 'redis'): Obj[] {
  return renderClusterManifest({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name, namespace },
    spec,
  }).objects;
}

function find(objects: Obj[], kind: string, name: string): Obj {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  assert.ok(
    found,
    `${kind}/${name} is rendered (have: ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')})`,
  );
  return found;
}

const podSpec = (o: Obj) => o.spec.template.spec;
const container = (o: Obj, name: string) => podSpec(o).containers.find((c: { name: string }) => c.name === name);

test('a default REC renders the inventory of the reference sheet, in apply order', () => {
  const objects = render();
  assert.deepEqual(
    objects.map((o) => `${o.kind}/${o.metadata.name}`),
    [
      'ServiceAccount/rec',
      'Role/rec',
      'RoleBinding/rec',
      'Secret/rec',
      'ServiceAccount/rec-password',
      'Role/rec-password',
      'RoleBinding/rec-password',
      'Job/rec-password',
      'Service/rec-headless',
      'Service/rec',
      'Service/rec-ui',
      'Service/rec-prom',
      'StatefulSet/rec',
      'PodDisruptionBudget/rec',
      'Deployment/rec-services-rigger',
    ],
  );
  for (const o of objects) {
    assert.equal(o.metadata.namespace, 'redis', `${o.kind} namespace`);
    assert.equal(o.metadata.labels?.app, 'redis-enterprise', `${o.kind} app label`);
    assert.equal(o.metadata.labels?.['redis.io/cluster'], 'rec', `${o.kind} cluster label`);
  }
});

test('StatefulSet: replicas, containers, claim template, anti-affinity, security, grace', () => {
  const sts = find(render({ nodes: 5 }), 'StatefulSet', 'rec');
  assert.equal(sts.spec.replicas, 5);
  assert.equal(sts.spec.serviceName, 'rec-headless');
  assert.deepEqual(sts.spec.selector.matchLabels, {
    app: 'redis-enterprise',
    'redis.io/cluster': 'rec',
    'redis.io/role': 'node',
  });
  assert.equal(sts.spec.template.metadata.labels['redis.io/role'], 'node');
  assert.deepEqual(
    podSpec(sts).containers.map((c: { name: string }) => c.name),
    ['redis-enterprise-node', 'bootstrapper'],
  );
  const node = container(sts, 'redis-enterprise-node');
  assert.equal(node.image, 'redislabs/redis:8.0.20-44');
  assert.deepEqual(node.ports.map((p: { containerPort: number }) => p.containerPort).sort(), [8001, 8070, 8443, 9443]);
  assert.deepEqual(node.resources, { limits: { cpu: '2', memory: '4Gi' }, requests: { cpu: '2', memory: '4Gi' } });
  assert.deepEqual(node.volumeMounts, [{ name: 'redis-enterprise-storage', mountPath: '/opt/persistent' }]);
  assert.ok(node.readinessProbe, 'the node container has a readiness probe');
  assert.equal(container(sts, 'bootstrapper').image, 'redislabs/operator:8.0.20-23');
  const [claim] = sts.spec.volumeClaimTemplates;
  assert.equal(claim.metadata.name, 'redis-enterprise-storage');
  assert.equal(claim.spec.resources.requests.storage, '20Gi');
  assert.equal(claim.spec.storageClassName, undefined, 'no storage class: the cluster default');
  const [term] = podSpec(sts).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  assert.equal(term.topologyKey, 'kubernetes.io/hostname');
  assert.deepEqual(term.labelSelector.matchLabels, sts.spec.selector.matchLabels);
  assert.equal(podSpec(sts).securityContext.runAsUser, 1001);
  assert.equal(podSpec(sts).securityContext.fsGroup, 1001);
  assert.equal(podSpec(sts).terminationGracePeriodSeconds, 31_536_000);
  assert.equal(podSpec(sts).serviceAccountName, 'rec');
  assert.deepEqual(sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
});

test('StatefulSet: every pod-level option of the spec lands on the pods', () => {
  const full = fixtures('valid').find((f) => f.name === 'full-featured')!;
  const objects = renderClusterManifest(full.documents[0], { namespace: 'redis' }).objects as Obj[];
  const sts = find(objects, 'StatefulSet', 'full');
  const pod = podSpec(sts);
  assert.deepEqual(pod.nodeSelector, { 'node-pool': 'redis' });
  assert.equal(pod.tolerations[0].key, 'dedicated');
  assert.equal(pod.priorityClassName, 'database-critical');
  assert.deepEqual(pod.imagePullSecrets, [{ name: 'registry-credentials' }]);
  assert.equal(pod.serviceAccountName, 'redis-nodes');
  assert.equal(pod.terminationGracePeriodSeconds, 600);
  assert.deepEqual(pod.hostAliases, [{ ip: '10.1.2.3', hostnames: ['ldap.internal'] }]);
  assert.deepEqual(
    pod.containers.map((c: { name: string }) => c.name),
    ['redis-enterprise-node', 'bootstrapper', 'log-shipper'],
  );
  assert.deepEqual(pod.volumes, [{ name: 'extra-config', configMap: { name: 'extra-config' } }]);
  const node = container(sts, 'redis-enterprise-node');
  assert.equal(node.image, 'registry.example.com/redislabs/redis:8.0.20-44');
  assert.equal(node.imagePullPolicy, 'IfNotPresent');
  assert.deepEqual(node.env, [
    { name: 'ENFORCE_IPV4', value: 'true' },
    { name: 'EXTRA', value: 'yes' },
  ]);
  assert.deepEqual(node.volumeMounts[1], { name: 'extra-config', mountPath: '/etc/extra' });
  assert.deepEqual(node.securityContext.capabilities, { drop: ['ALL'], add: ['SYS_RESOURCE'] });
  assert.equal(node.securityContext.readOnlyRootFilesystem, true);
  assert.deepEqual(node.resources.requests, { cpu: '4', memory: '8Gi' });
  assert.deepEqual(container(sts, 'bootstrapper').resources.requests, { cpu: '200m', memory: '256Mi' });
  const keys = pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.map(
    (t: { topologyKey: string }) => t.topologyKey,
  );
  assert.deepEqual(keys, ['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
  assert.deepEqual(sts.spec.template.metadata.annotations, { 'example.com/pods': 'true', 'example.com/nodes': 'true' });
  assert.equal(sts.spec.template.metadata.labels.team, 'payments');
  assert.equal(sts.spec.volumeClaimTemplates[0].spec.storageClassName, 'fast');
  assert.equal(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage, '50Gi');
  assert.equal(
    sts.spec.volumeClaimTemplates[0].metadata.labels.team,
    undefined,
    'claim templates are immutable: no extraLabels',
  );
  // Every object carries extraLabels.
  for (const o of objects) assert.equal(o.metadata.labels?.team, 'payments', `${o.kind}/${o.metadata.name}`);
});

test('podAntiAffinity replaces the default rule; rack awareness spreads and reads nodes', () => {
  const custom = {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } },
    ],
  };
  const sts = find(render({ podAntiAffinity: custom }), 'StatefulSet', 'rec');
  assert.deepEqual(podSpec(sts).affinity.podAntiAffinity, custom);

  const objects = render({ rackAwarenessNodeLabel: 'topology.kubernetes.io/zone' });
  const rack = find(objects, 'StatefulSet', 'rec');
  assert.equal(podSpec(rack).topologySpreadConstraints[0].topologyKey, 'topology.kubernetes.io/zone');
  // Joined with '.', which namespaces and REC names cannot hold: no two RECs share a name.
  const clusterRole = find(objects, 'ClusterRole', 'redis-enterprise-node-reader.redis.rec');
  assert.equal(clusterRole.metadata.labels?.['rec-cdk8s.io/owner-namespace'], 'redis');
  assert.equal(clusterRole.metadata.labels?.['rec-cdk8s.io/owner-name'], 'rec');
  assert.deepEqual(
    clusterRole.rules!.map((r: { apiGroups: string[]; resources: string[]; verbs: string[] }) => [
      r.apiGroups,
      r.resources,
      r.verbs,
    ]),
    [[[''], ['nodes'], ['get', 'list', 'watch']]],
  );
  const binding = find(objects, 'ClusterRoleBinding', 'redis-enterprise-node-reader.redis.rec');
  assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'rec', namespace: 'redis' }]);
  assert.deepEqual(binding.roleRef, {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'redis-enterprise-node-reader.redis.rec',
  });
  assert.equal(
    render().some((o) => o.kind === 'ClusterRole'),
    false,
    'nothing cluster-scoped without rack awareness',
  );
});

test('persistence off: an emptyDir and no claim template', () => {
  const sts = find(render({ persistentSpec: { enabled: false } }), 'StatefulSet', 'rec');
  assert.equal(sts.spec.volumeClaimTemplates, undefined);
  assert.deepEqual(podSpec(sts).volumes, [{ name: 'redis-enterprise-storage', emptyDir: {} }]);
});

test('Services: names, ports, types, selectors and annotations', () => {
  const objects = render({
    uiServiceType: 'LoadBalancer',
    uiAnnotations: { ui: 'yes', shared: 'ui-wins' },
    services: { apiService: { type: 'NodePort' }, servicesAnnotations: { shared: 'all', every: 'one' } },
  });
  const api = find(objects, 'Service', 'rec');
  assert.equal(api.spec.type, 'NodePort');
  assert.deepEqual(
    api.spec.ports.map((p: { port: number }) => p.port),
    [9443, 8001],
  );
  assert.equal(api.spec.selector['redis.io/role-master'], '1');
  const ui = find(objects, 'Service', 'rec-ui');
  assert.equal(ui.spec.type, 'LoadBalancer');
  assert.deepEqual(
    ui.spec.ports.map((p: { port: number }) => p.port),
    [8443],
  );
  assert.deepEqual(ui.metadata.annotations, { shared: 'ui-wins', every: 'one', ui: 'yes' });
  const prom = find(objects, 'Service', 'rec-prom');
  assert.equal(prom.spec.clusterIP, 'None');
  assert.deepEqual(prom.spec.ports, [{ name: 'prometheus', port: 8070, targetPort: 8070, protocol: 'TCP' }]);
  const headless = find(objects, 'Service', 'rec-headless');
  assert.equal(headless.spec.clusterIP, 'None');
  assert.equal(headless.spec.publishNotReadyAddresses, true);
  for (const o of objects.filter((x) => x.kind === 'Service'))
    assert.equal(o.metadata.annotations?.every, 'one', `${o.metadata.name} has servicesAnnotations`);
});

test('Role: namespaced, what the nodes and rigger need, bound to the account by name', () => {
  const objects = render({ createServiceAccount: false, serviceAccountName: 'existing' });
  assert.deepEqual(
    objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name),
    ['rec-password'],
    "only the password generator's own",
  );
  const role = find(objects, 'Role', 'rec');
  const resources = role.rules!.flatMap((r: { resources: string[] }) => r.resources);
  for (const r of [
    'services',
    'endpoints',
    'endpointslices',
    'pods',
    'configmaps',
    'secrets',
    'events',
    'statefulsets',
  ])
    assert.ok(resources.includes(r), r);
  // Only the Secrets the pods read, by name, and only get: no other Secret of the namespace.
  const secrets = role.rules!.filter((r: { resources: string[] }) => r.resources.includes('secrets'));
  assert.deepEqual(
    secrets.map((r: { verbs: string[]; resourceNames: string[] }) => [r.verbs, r.resourceNames]),
    [[['get'], ['rec']]],
  );
  const licensed = find(render({ clusterCredentialSecretName: 'mine', license: 'L' }), 'Role', 'rec');
  assert.deepEqual(
    licensed
      .rules!.filter((r: { resources: string[] }) => r.resources.includes('secrets'))
      .map((r: { resourceNames: string[] }) => r.resourceNames[0]),
    ['mine', 'rec-license'],
  );
  const fromSecret = find(render({ licenseSecretName: 'lic' }), 'Role', 'rec');
  assert.deepEqual(
    fromSecret
      .rules!.filter((r: { resources: string[] }) => r.resources.includes('secrets'))
      .map((r: { resourceNames: string[] }) => r.resourceNames[0]),
    ['rec', 'lic'],
  );
  const binding = find(objects, 'RoleBinding', 'rec');
  assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'rec' });
  assert.equal(binding.subjects![0].name, 'existing');
});

test("without a namespace, the RoleBindings name their ServiceAccount without one: the binding's own, where it is applied", () => {
  // An empty subject namespace in a RoleBinding means the binding's namespace (RBAC's rule), so
  // the output applied with `kubectl apply -n redis` binds redis/rec, not default/rec.
  const chart = new Chart(new App(), 'c');
  new RedisEnterpriseCluster(chart, 'rec', { useInstalledClusterRoles: true, reportWarnings: false });
  const bindings = chart.toJson().filter((o: Obj) => o.kind === 'RoleBinding') as Obj[];
  assert.deepEqual(
    bindings.map((b) => b.metadata.name),
    ['rec', 'rec.node', 'rec-password'],
  );
  for (const binding of bindings) {
    assert.equal(binding.metadata.namespace, undefined);
    assert.deepEqual(
      binding.subjects!.map((s: { namespace?: string }) => s.namespace),
      [undefined],
      binding.metadata.name,
    );
  }
});

test("side containers go out as written, but for their quantities, which are strings like the nodes' own", () => {
  const sts = find(
    render({
      sideContainersSpec: [{ name: 'shipper', image: 'busybox', resources: { limits: { cpu: 1, memory: '1Gi' } } }],
    }),
    'StatefulSet',
    'rec',
  );
  assert.deepEqual(container(sts, 'shipper'), {
    name: 'shipper',
    image: 'busybox',
    resources: { limits: { cpu: '1', memory: '1Gi' } },
  });
});

test('Secret: username and inline license as data, never a password', () => {
  const secret = find(render({ username: 'ops@example.com', license: 'LICENSE-TEXT' }), 'Secret', 'rec');
  assert.equal((secret as { stringData?: unknown }).stringData, undefined);
  assert.deepEqual(Object.keys(secret.data!).sort(), ['license', 'username']);
  assert.equal(Buffer.from(secret.data!.username!, 'base64').toString(), 'ops@example.com');
  assert.equal(Buffer.from(secret.data!.license!, 'base64').toString(), 'LICENSE-TEXT');
});

test('a user-managed credentials Secret is not emitted; an inline license then gets its own Secret', () => {
  const objects = render({ clusterCredentialSecretName: 'my-admin', license: 'LICENSE-TEXT' });
  assert.equal(
    objects.some((o) => o.kind === 'Secret' && o.metadata.name === 'my-admin'),
    false,
  );
  const license = find(objects, 'Secret', 'rec-license');
  assert.deepEqual(Object.keys(license.data!), ['license']);
});

test('services rigger Deployment: one replica, rigger labels, settings as env', () => {
  const d = find(
    render({
      servicesRiggerSpec: { databaseServiceType: 'load_balancer', podAnnotations: { a: 'b' } },
      podAnnotations: { p: 'q' },
    }),
    'Deployment',
    'rec-services-rigger',
  );
  assert.equal(d.spec.replicas, 1);
  assert.equal(d.spec.template.metadata.labels['redis.io/role'], 'services-rigger');
  assert.deepEqual(d.spec.template.metadata.annotations, { p: 'q', a: 'b' });
  const c = d.spec.template.spec.containers[0];
  assert.equal(c.image, 'redislabs/k8s-controller:8.0.20-23');
  assert.deepEqual(c.resources.requests, { cpu: '500m', memory: '500Mi' });
  assert.ok(
    c.env.some(
      (e: { name: string; value: string }) => e.name === 'DATABASE_SERVICE_TYPE' && e.value === 'load_balancer',
    ),
  );
});

test('PodDisruptionBudget: one node at a time', () => {
  const pdb = find(render(), 'PodDisruptionBudget', 'rec');
  assert.equal(pdb.spec.maxUnavailable, 1);
  assert.equal(pdb.spec.selector.matchLabels['redis.io/role'], 'node');
});

test('service broker: Deployment, Service and PVC only when enabled', () => {
  assert.equal(
    render().some((o) => o.metadata.name === 'rec-service-broker'),
    false,
  );
  const objects = render({
    serviceBrokerSpec: { enabled: true, persistentSpec: { storageClassName: 'standard', volumeSize: '3Gi' } },
  });
  const pvc = find(objects, 'PersistentVolumeClaim', 'rec-service-broker');
  assert.equal(pvc.spec.resources.requests.storage, '3Gi');
  assert.equal(pvc.spec.storageClassName, 'standard');
  find(objects, 'Deployment', 'rec-service-broker');
  const svc = find(objects, 'Service', 'rec-service-broker');
  assert.deepEqual(
    svc.spec.ports.map((p: { port: number }) => p.port),
    [8080],
  );
});

test('the construct refuses an invalid spec with every problem named', () => {
  const chart = new Chart(new App(), 'c');
  assert.throws(
    () => new RedisEnterpriseCluster(chart, 'rec', { spec: { nodes: 4, license: 'x', licenseSecretName: 'y' } }),
    (error: unknown) =>
      error instanceof ClusterSpecError &&
      error.problems.map((p) => p.path).join(',') === 'spec.nodes,spec.licenseSecretName' &&
      /spec\.nodes: must be odd and at least 3 \(got 4\)/.test(error.message),
  );
});

test('children are exposed for platform code', () => {
  const chart = new Chart(new App(), 'c', { namespace: 'ns' });
  const rec = new RedisEnterpriseCluster(chart, 'rec', { spec: { serviceBrokerSpec: { enabled: true } } });
  assert.equal(rec.nodes.statefulSet.name, 'rec');
  assert.equal(rec.uiService?.service.name, 'rec-ui');
  assert.equal(rec.serviceBroker?.persistentVolumeClaim.name, 'rec-service-broker');
  assert.equal(rec.cluster.namespace, 'ns');
});

test('snapshot: the production example chart', () => {
  const app = new App();
  const chart = new ProductionRedisChart(app, 'redis-production');
  matchSnapshot('production-cluster.yaml', toYamlDocuments(chart.toJson()));
});

test('credentials in Vault: no Secret is emitted and the names may be Vault paths', () => {
  const objects = render({ clusterCredentialSecretType: 'vault', clusterCredentialSecretName: 'secret/redis/rec' });
  assert.equal(
    objects.some((o) => o.kind === 'Secret'),
    false,
  );
});

test('Secret: no owner, and GitOps tools are told never to prune or delete it', () => {
  const secret = find(render(), 'Secret', 'rec');
  assert.equal((secret.metadata as { ownerReferences?: unknown }).ownerReferences, undefined);
  assert.equal(secret.metadata.annotations?.['argocd.argoproj.io/sync-options'], 'Prune=false,Delete=false');
  assert.equal(secret.metadata.annotations?.['kustomize.toolkit.fluxcd.io/prune'], 'disabled');
});

test('password generator: a Job whose account may read and patch the credentials Secret only, restricted pod security', () => {
  const objects = render({ pullSecrets: [{ name: 'registry' }] });
  const role = find(objects, 'Role', 'rec-password');
  assert.deepEqual(role.rules, [
    { apiGroups: [''], resources: ['secrets'], resourceNames: ['rec'], verbs: ['get', 'patch'] },
  ]);
  const binding = find(objects, 'RoleBinding', 'rec-password');
  assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'rec-password', namespace: 'redis' }]);
  const job = find(objects, 'Job', 'rec-password');
  const pod = job.spec.template.spec;
  assert.equal(pod.serviceAccountName, 'rec-password');
  assert.equal(pod.restartPolicy, 'Never');
  assert.deepEqual(pod.imagePullSecrets, [{ name: 'registry' }]);
  assert.deepEqual(pod.securityContext, {
    runAsNonRoot: true,
    runAsUser: 65532,
    runAsGroup: 65532,
    seccompProfile: { type: 'RuntimeDefault' },
  });
  const container = pod.containers[0];
  assert.deepEqual(container.command.slice(-3), ['ensure-password', '--secret', 'rec']);
  assert.deepEqual(container.securityContext, {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  });
  assert.ok(
    objects.findIndex((o) => o.kind === 'Job') > objects.findIndex((o) => o.kind === 'Secret'),
    'after the Secret it writes to',
  );
});

test('password generator: none for a Secret of your own, in Vault, or when turned off; its own image when given', () => {
  assert.ok(!render({ clusterCredentialSecretName: 'mine' }).some((o) => o.kind === 'Job'));
  assert.ok(!render({ clusterCredentialSecretType: 'vault' }).some((o) => o.kind === 'Job'));
  const chart = new Chart(new App(), 'c', { namespace: 'ns' });
  const off = new RedisEnterpriseCluster(chart, 'off', { passwordGenerator: false });
  assert.equal(off.passwordGenerator, undefined);
  const custom = new RedisEnterpriseCluster(chart, 'custom', {
    passwordGeneratorImage: 'registry.example/rec-cdk8s:1',
  });
  assert.equal(
    custom.passwordGenerator?.job.toJson().spec.template.spec.containers[0].image,
    'registry.example/rec-cdk8s:1',
  );
  assert.ok(
    !chart
      .toJson()
      .some(
        (o: { kind: string; metadata: { name: string } }) => o.kind === 'Job' && o.metadata.name === 'off-password',
      ),
  );
});

test("existingCredentialsSecret: nothing emitted for a Secret of the user's under the default name; the license gets its own", () => {
  const chart = new Chart(new App(), 'c', { namespace: 'ns' });
  new RedisEnterpriseCluster(chart, 'rec', { existingCredentialsSecret: true, spec: { license: 'L' } });
  const objects = chart.toJson() as Obj[];
  assert.ok(!objects.some((o) => o.kind === 'Secret' && o.metadata.name === 'rec'), 'no credentials Secret');
  assert.ok(!objects.some((o) => o.kind === 'Job'), 'no password generator');
  assert.equal(Buffer.from(find(objects, 'Secret', 'rec-license').data!.license!, 'base64').toString(), 'L');
});
