/**
 * The runner's install, synthesized without a cluster: which objects, in which order, RBAC that is
 * namespaced for a namespace list and cluster-wide only for 'all', no wildcard and no escalation
 * verbs, rules that cover what the runner does and what it grants, and a locked-down Deployment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { installManifests, INSTALL_KIND_ORDER } from '../../lib/render/install-manifests.js';
import { clusterCrd, CRD_NAME } from '../../lib/api/crd/crd.js';
import { renderClusterManifest, type KubernetesObject } from '../../lib/render/cluster-manifest.js';
import { WATCHED_OWNED_TYPES } from '../../lib/runner/owned-types.js';
import { desiredObjects } from '../../lib/runner/desired-objects.js';
import { permissionTable } from '../../constructs/runner-install/permission-table.js';
import { RESOURCE, type ResourceType } from '../../lib/kube/resources.js';
import { MANAGED_BY_LABEL } from '../../lib/runner/names.js';
import { DEFAULT_RUNNER_IMAGE, RUNNER_VERSION, RunnerInstallError } from '../../constructs/runner-install/index.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
type Obj = KubernetesObject & {
  spec?: any;
  rules?: Rule[];
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
};

const install = (options: Parameters<typeof installManifests>[0] = {}) => installManifests(options) as Obj[];
const ids = (objects: Obj[]) =>
  objects.map((o) => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`);
const ofKind = (objects: Obj[], kind: string) => objects.filter((o) => o.kind === kind);

function find(objects: Obj[], kind: string, name: string, namespace?: string): Obj {
  const found = objects.find(
    (o) =>
      o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
  );
  assert.ok(found, `${kind} ${namespace ?? ''}/${name} is rendered (have: ${ids(objects).join(', ')})`);
  return found;
}

function deployment(objects: Obj[]) {
  const d = find(objects, 'Deployment', 'rec-runner', objects.find((o) => o.kind === 'Deployment')?.metadata.namespace);
  const pod = d.spec.template.spec;
  const container = pod.containers.find((c: { name: string }) => c.name === 'runner');
  assert.ok(container, 'container runner');
  return { d, pod, container };
}

/** Does any rule in `rules` allow `verb` on `group`/`resource`? */
function allows(rules: Rule[], group: string, resource: string, verb: string): boolean {
  return rules.some(
    (r) =>
      r.apiGroups.includes(group) &&
      r.resources.includes(resource) &&
      r.verbs.includes(verb) &&
      !(r.resourceNames && r.resourceNames.length > 0),
  );
}

const groupOf = (type: Pick<ResourceType, 'apiVersion'>) =>
  type.apiVersion.includes('/') ? type.apiVersion.split('/')[0]! : '';
/** Watched (informer), server-side applied (patch, create when absent), pruned. No update: nothing is written with PUT. */
const APPLY_AND_PRUNE = ['list', 'watch', 'create', 'patch', 'delete'];

/** Every rule of the runner's own Roles and ClusterRole (not the REC pods' ClusterRoles it binds). */
function runnerRules(objects: Obj[]) {
  return allRules(objects).filter(({ owner }) => !owner.includes('redis-enterprise-node'));
}

/** Every rule of every Role and ClusterRole of the install, with where it applies. */
function allRules(objects: Obj[]) {
  return objects
    .filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole')
    .flatMap((o) =>
      (o.rules ?? []).map((rule) => ({ owner: `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, rule })),
    );
}

test('default install: the objects, in apply order, CRD and Namespace first', () => {
  const objects = install();
  assert.deepEqual(ids(objects), [
    `CustomResourceDefinition/${CRD_NAME}`,
    'Namespace/rec-system',
    'ServiceAccount/rec-system/rec-runner',
    'ClusterRole/redis-enterprise-node',
    'ClusterRole/redis-enterprise-node-reader',
    'Role/rec-system/rec-runner',
    'Role/rec-system/rec-runner-leader-election',
    'RoleBinding/rec-system/rec-runner',
    'RoleBinding/rec-system/rec-runner-leader-election',
    'Service/rec-system/rec-runner-metrics',
    'Deployment/rec-system/rec-runner',
    'PodDisruptionBudget/rec-system/rec-runner',
  ]);
  for (const o of objects) {
    assert.ok(INSTALL_KIND_ORDER.includes(o.kind), `${o.kind} has a place in the apply order`);
    // The runner prunes what carries this label: its own install must never.
    assert.equal(
      o.metadata.labels?.[MANAGED_BY_LABEL],
      undefined,
      `${o.kind}/${o.metadata.name} has no managed-by label`,
    );
    if (o.kind !== 'CustomResourceDefinition') {
      assert.equal(o.metadata.labels?.['app.kubernetes.io/name'], 'rec-runner', `${o.kind} name label`);
      assert.equal(o.metadata.labels?.['app.kubernetes.io/component'], 'controller', `${o.kind} component label`);
    }
  }
});

test('apply order holds for every variant: kinds never go backwards', () => {
  for (const objects of [
    install(),
    install({ watchNamespaces: ['a', 'b', 'c'] }),
    install({ watchNamespaces: 'all' }),
  ]) {
    const ranks = objects.map((o) => INSTALL_KIND_ORDER.indexOf(o.kind));
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
      ids(objects).join(', '),
    );
    assert.equal(objects[0]!.kind, 'CustomResourceDefinition');
    assert.equal(objects[1]!.kind, 'Namespace');
  }
});

test('the CRD is exactly clusterCrd(), with the empty status subresource kept', () => {
  const crd = find(install(), 'CustomResourceDefinition', CRD_NAME);
  assert.deepEqual(JSON.parse(JSON.stringify(crd)), JSON.parse(JSON.stringify(clusterCrd())));
  for (const version of crd.spec.versions) assert.deepEqual(version.subresources, { status: {} });
});

test('a namespace list: a Role and RoleBinding in each watched namespace, nothing cluster-wide', () => {
  const objects = install({ namespace: 'ops', watchNamespaces: ['redis-a', 'redis-b', 'redis-a'] });
  // Only the REC pods' ClusterRoles, bound to nobody by the install.
  assert.deepEqual(ids(ofKind(objects, 'ClusterRole')), [
    'ClusterRole/redis-enterprise-node',
    'ClusterRole/redis-enterprise-node-reader',
  ]);
  assert.deepEqual(ofKind(objects, 'ClusterRoleBinding'), []);
  assert.deepEqual(ids(ofKind(objects, 'Role')), [
    'Role/redis-a/rec-runner',
    'Role/redis-b/rec-runner',
    'Role/ops/rec-runner-leader-election',
  ]);
  assert.deepEqual(ids(ofKind(objects, 'RoleBinding')), [
    'RoleBinding/redis-a/rec-runner',
    'RoleBinding/redis-b/rec-runner',
    'RoleBinding/ops/rec-runner-leader-election',
  ]);
  for (const binding of ofKind(objects, 'RoleBinding')) {
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: binding.metadata.name,
    });
    assert.deepEqual(
      binding.subjects?.map((s) => ({ kind: s.kind, name: s.name, namespace: s.namespace })),
      [{ kind: 'ServiceAccount', name: 'rec-runner', namespace: 'ops' }],
    );
  }
  // Nothing of the all-namespaces install: no ClusterRoleBindings, no Nodes; ClusterRoles only to bind one, by name.
  for (const { owner, rule } of runnerRules(objects)) {
    for (const resource of ['nodes', 'clusterrolebindings', 'namespaces'])
      assert.ok(!rule.resources.includes(resource), `${owner} grants ${resource}`);
    if (rule.resources.includes('clusterroles'))
      assert.deepEqual([rule.verbs, rule.resourceNames], [['bind'], ['redis-enterprise-node']], owner);
  }
  const { container } = deployment(objects);
  assert.deepEqual(container.args, [
    'run',
    '--leader-elect',
    '--lease-namespace',
    'ops',
    '--namespace',
    'redis-a',
    '--namespace',
    'redis-b',
    '--metrics-port',
    '8080',
    '--health-port',
    '8081',
  ]);
});

test("'all': one ClusterRole and ClusterRoleBinding, named after the runner's namespace, and the node reader's binding; no watch Roles", () => {
  const objects = install({ namespace: 'ops', watchNamespaces: 'all' });
  assert.deepEqual(ids(ofKind(objects, 'ClusterRole')), [
    'ClusterRole/redis-enterprise-node',
    'ClusterRole/redis-enterprise-node-reader',
    'ClusterRole/rec-runner-ops',
  ]);
  assert.deepEqual(ids(ofKind(objects, 'ClusterRoleBinding')), [
    'ClusterRoleBinding/redis-enterprise-node-reader',
    'ClusterRoleBinding/rec-runner-ops',
  ]);
  // The node reader's binding: no `subjects` field at all, so applying the install again never
  // takes away the ServiceAccounts the runner added (its field manager does not own them).
  const nodeReader = find(objects, 'ClusterRoleBinding', 'redis-enterprise-node-reader');
  assert.deepEqual(nodeReader.roleRef, {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'redis-enterprise-node-reader',
  });
  assert.ok(!('subjects' in nodeReader), JSON.stringify(nodeReader));
  assert.deepEqual(ids(ofKind(objects, 'Role')), ['Role/ops/rec-runner-leader-election']);
  const binding = find(objects, 'ClusterRoleBinding', 'rec-runner-ops');
  assert.deepEqual(binding.roleRef, {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'rec-runner-ops',
  });
  assert.deepEqual(
    binding.subjects?.map((s) => ({ kind: s.kind, name: s.name, namespace: s.namespace })),
    [{ kind: 'ServiceAccount', name: 'rec-runner', namespace: 'ops' }],
  );
  const rules = find(objects, 'ClusterRole', 'rec-runner-ops').rules!;
  // No Nodes: the REC pods read them through the installed ClusterRole, which the runner only binds.
  for (const verb of ['get', 'list', 'watch']) assert.ok(!allows(rules, '', 'nodes', verb), `no nodes ${verb}`);
  // ClusterRoles: bind, two names, nothing else; so no ClusterRole is created, changed or deleted.
  const clusterRoleRules = rules.filter((r) => r.resources.includes('clusterroles'));
  assert.deepEqual(
    clusterRoleRules.map((r) => [r.verbs, r.resourceNames]),
    [
      [['bind'], ['redis-enterprise-node']],
      [['bind'], ['redis-enterprise-node-reader']],
    ],
  );
  // ClusterRoleBindings: the node reader's, by name, read and updated; never created or deleted.
  assert.deepEqual(
    rules.filter((r) => r.resources.includes('clusterrolebindings')).map((r) => [r.verbs, r.resourceNames]),
    [[['get', 'list', 'watch', 'update'], ['redis-enterprise-node-reader']]],
  );
  // No Secret list or watch, cluster-wide or anywhere.
  for (const verb of ['list', 'watch'])
    assert.ok(!rules.some((r) => r.resources.includes('secrets') && r.verbs.includes(verb)), `no secrets ${verb}`);
  const { container } = deployment(objects);
  assert.ok(container.args.includes('--all-namespaces'));
  assert.ok(!container.args.includes('--namespace'));
});

test("the Lease rule is only in the runner's own namespace, never cluster-wide", () => {
  for (const watchNamespaces of [undefined, ['redis-a', 'redis-b'], ['redis-a', 'ops'], 'all'] as const) {
    const objects = install({ namespace: 'ops', ...(watchNamespaces ? { watchNamespaces } : {}) });
    const withLeases = allRules(objects).filter(({ rule }) => rule.resources.includes('leases'));
    assert.deepEqual(
      withLeases.map(({ owner }) => owner),
      ['Role/ops/rec-runner-leader-election'],
      `watch ${JSON.stringify(watchNamespaces)}`,
    );
    assert.deepEqual(withLeases[0]!.rule, {
      apiGroups: ['coordination.k8s.io'],
      resources: ['leases'],
      verbs: ['get', 'create', 'update'],
    });
  }
});

test('no wildcard, no escalate/bind/impersonate, no non-resource URLs, in any variant', () => {
  for (const watchNamespaces of [undefined, ['a', 'b'], 'all'] as const) {
    const objects = install(watchNamespaces ? { watchNamespaces } : {});
    const rules = allRules(objects);
    assert.ok(rules.length > 0);
    for (const { owner, rule } of rules) {
      const text = JSON.stringify(rule);
      assert.ok(!text.includes('*'), `${owner}: ${text}`);
      for (const verb of ['escalate', 'impersonate', 'deletecollection'])
        assert.ok(!rule.verbs.includes(verb), `${owner} has ${verb}`);
      // bind only on named ClusterRoles: never on any role.
      if (rule.verbs.includes('bind'))
        assert.ok(
          rule.resources[0] === 'clusterroles' && (rule.resourceNames?.length ?? 0) > 0 && rule.verbs.length === 1,
          `${owner}: ${text}`,
        );
      assert.equal(rule.nonResourceURLs, undefined, owner);
      assert.equal(rule.apiGroups.length, 1, owner);
      assert.equal(rule.resources.length, 1, owner);
    }
  }
});

test('the runner may do what it does: RECs, their status and finalizers, every owned kind, Secrets by name only, events', () => {
  const objects = install({ namespace: 'ops', watchNamespaces: ['redis-a'] });
  const rules = find(objects, 'Role', 'rec-runner', 'redis-a').rules!;
  const rec = RESOURCE.redisEnterpriseCluster;
  // get: read live before re-adopting an object the garbage collector orphaned (a deletion with orphan propagation).
  for (const verb of ['get', 'list', 'watch', 'patch'])
    assert.ok(allows(rules, groupOf(rec), rec.plural, verb), `RECs ${verb}`);
  for (const verb of ['create', 'delete', 'update'])
    assert.ok(!allows(rules, groupOf(rec), rec.plural, verb), `RECs are the user's: no ${verb}`);
  assert.ok(allows(rules, groupOf(rec), `${rec.plural}/status`, 'patch'), 'REC status patch (apply)');
  assert.ok(
    allows(rules, groupOf(rec), `${rec.plural}/finalizers`, 'update'),
    'REC finalizers update (blockOwnerDeletion)',
  );
  // Kept in step with the runner: every kind it watches, applies and prunes.
  for (const type of WATCHED_OWNED_TYPES.filter((t) => t.kind !== 'PersistentVolumeClaim')) {
    for (const verb of APPLY_AND_PRUNE)
      assert.ok(allows(rules, groupOf(type), type.plural, verb), `${type.plural} ${verb}`);
    // Read from the caches, one by one only where volume growth waits for the StatefulSet to go, and
    // where a deletion with orphan propagation is told from the live objects.
    assert.equal(
      allows(rules, groupOf(type), type.plural, 'get'),
      ['StatefulSet', 'Role', 'RoleBinding'].includes(type.kind),
      `${type.plural} get`,
    );
  }
  for (const verb of ['get', 'list', 'watch', 'create', 'patch'])
    assert.ok(allows(rules, '', 'persistentvolumeclaims', verb), `claims ${verb}`);
  assert.ok(!allows(rules, '', 'persistentvolumeclaims', 'delete'), 'claims are data: never deleted');
  for (const verb of ['get', 'create', 'patch', 'delete'])
    assert.ok(allows(rules, '', 'secrets', verb), `secrets ${verb}`);
  for (const verb of ['list', 'watch', 'update']) assert.ok(!allows(rules, '', 'secrets', verb), `no secrets ${verb}`);
  // Held before only to grant them to the REC pods: now the installed ClusterRole grants them.
  for (const resource of ['endpoints', 'configmaps'])
    assert.ok(!rules.some((r) => r.resources.includes(resource)), `no ${resource}`);
  assert.ok(!rules.some((r) => r.resources.includes('endpointslices')), 'no endpointslices');
  // Pods are only watched (why a cluster is not ready), never read one by one or written.
  for (const verb of ['list', 'watch']) assert.ok(allows(rules, '', 'pods', verb), `pods ${verb}`);
  for (const verb of ['get', 'create', 'update', 'patch', 'delete'])
    assert.ok(!allows(rules, '', 'pods', verb), `no pods ${verb}`);
  for (const verb of ['create', 'patch']) assert.ok(allows(rules, '', 'events', verb), `events ${verb}`);
  // Watched (a StatefulSet's FailedCreate, a claim's events): why a cluster is not ready.
  for (const verb of ['list', 'watch']) assert.ok(allows(rules, '', 'events', verb), `events ${verb}`);

  // Rack awareness: the node reader's binding watched by name and read live before each write.
  const cluster = find(install({ watchNamespaces: 'all' }), 'ClusterRole', 'rec-runner-rec-system').rules!;
  for (const verb of ['get', 'list', 'watch', 'update'])
    assert.ok(
      allowsNamed(cluster, 'rbac.authorization.k8s.io', 'clusterrolebindings', verb, 'redis-enterprise-node-reader'),
      `all: clusterrolebindings ${verb}`,
    );
});

/** Does `rules` allow `verb` on `resource` named `name`? (resourceNames limit a rule to those names) */
function allowsNamed(rules: Rule[], group: string, resource: string, verb: string, name: string): boolean {
  return rules.some(
    (r) =>
      r.apiGroups.includes(group) &&
      r.resources.includes(resource) &&
      r.verbs.includes(verb) &&
      (!r.resourceNames?.length || r.resourceNames.includes(name)),
  );
}

test("the runner may create every REC's RBAC without escalation: it holds the Roles' rules, and may bind the installed ClusterRoles", () => {
  const rendered = desiredObjects({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'rec', namespace: 'redis-a', uid: 'u' },
    spec: { rackAwarenessNodeLabel: 'topology.kubernetes.io/zone', clusterCredentialSecretName: 'mine', license: 'L' },
  }).objects as Obj[];
  assert.deepEqual(
    rendered.filter((o) => o.kind === 'ClusterRole'),
    [],
    'the runner creates no ClusterRole',
  );
  const recRoles = rendered.filter((o) => o.kind === 'Role');
  const bindings = rendered.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding');
  assert.deepEqual(ids(bindings), ['RoleBinding/redis-a/rec', 'RoleBinding/redis-a/rec.node']);
  // Rack awareness: the REC's ServiceAccount goes into the install's node-reader binding, whose
  // every write the API server checks like a new binding (bind on its ClusterRole, or its rules).
  bindings.push(find(install({ watchNamespaces: 'all' }), 'ClusterRoleBinding', 'redis-enterprise-node-reader'));

  // Kubernetes allows a Role when its creator holds each of its rules; a binding when the creator
  // holds the bound role's rules or may `bind` it.
  const mayCreate = (granted: Rule[], where: string) => {
    for (const role of recRoles) {
      for (const rule of role.rules ?? []) {
        for (const verb of rule.verbs) {
          for (const name of rule.resourceNames ?? ['(any)'])
            assert.ok(
              allowsNamed(granted, rule.apiGroups[0]!, rule.resources[0]!, verb, name),
              `${where} lacks ${verb} ${rule.resources[0]}/${name} of Role ${role.metadata.name}`,
            );
        }
      }
    }
    for (const binding of bindings) {
      if (binding.roleRef!.kind !== 'ClusterRole') continue;
      assert.ok(
        allowsNamed(granted, 'rbac.authorization.k8s.io', 'clusterroles', 'bind', binding.roleRef!.name),
        `${where} may not bind ${binding.roleRef!.name} (${binding.kind} ${binding.metadata.name})`,
      );
    }
  };
  const all = find(install({ watchNamespaces: 'all' }), 'ClusterRole', 'rec-runner-rec-system').rules!;
  mayCreate(all, "the 'all' ClusterRole");
  const namespaced = find(install({ watchNamespaces: ['redis-a'] }), 'Role', 'rec-runner', 'redis-a').rules!;
  assert.ok(allowsNamed(namespaced, 'rbac.authorization.k8s.io', 'clusterroles', 'bind', 'redis-enterprise-node'));
  assert.ok(
    !allowsNamed(namespaced, 'rbac.authorization.k8s.io', 'clusterroles', 'bind', 'redis-enterprise-node-reader'),
    'a namespaced install cannot bind the node reader (rack awareness)',
  );
});

test("the installed ClusterRoles hold exactly the REC pods' rules, and what a REC Role of synthesized output holds", () => {
  const objects = install();
  const node = find(objects, 'ClusterRole', 'redis-enterprise-node');
  const standalone = renderClusterManifest({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name: 'rec', namespace: 'a' },
    spec: {},
  }).objects as Obj[];
  const recRole = find(standalone, 'Role', 'rec');
  assert.deepEqual(
    node.rules,
    recRole
      .rules!.filter((r) => !r.resources.includes('secrets'))
      .map((r) => ({ apiGroups: r.apiGroups, resources: r.resources, verbs: r.verbs })),
  );
  assert.ok(!node.rules.some((r) => r.resources.includes('secrets')), 'no Secret: those are granted by name, per REC');
  assert.deepEqual(find(objects, 'ClusterRole', 'redis-enterprise-node-reader').rules, [
    { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
  ]);
});

test("README: the permission table is the runner's rules, each with why", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const table = permissionTable();
  assert.ok(readme.includes(table), `README.md's "Install it" holds this table:\n${table}`);
});

test('Deployment: replicas, leader election, image, downward API, probes, resources', () => {
  const objects = install();
  const { d, pod, container } = deployment(objects);
  assert.equal(d.spec.replicas, 2);
  assert.deepEqual(d.spec.selector.matchLabels, {
    'app.kubernetes.io/name': 'rec-runner',
    'app.kubernetes.io/component': 'controller',
  });
  for (const [k, v] of Object.entries(d.spec.selector.matchLabels as Record<string, string>))
    assert.equal(d.spec.template.metadata.labels[k], v);
  assert.equal(container.image, DEFAULT_RUNNER_IMAGE);
  assert.equal(DEFAULT_RUNNER_IMAGE, `ghcr.io/rec-cdk8s/rec-cdk8s-runner:${RUNNER_VERSION}`);
  assert.deepEqual(container.command, [
    'node',
    '--max-semi-space-size=2',
    '--optimize-for-size',
    'build/lib/cli/entry.js',
  ]);
  // The image starts the runner the same way (a `kubectl run` of the bare image, or docker run).
  const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(
    readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8'),
  )?.[1];
  assert.deepEqual(
    JSON.parse(entrypoint ?? 'null'),
    container.command,
    'Dockerfile ENTRYPOINT = the Deployment command',
  );
  assert.deepEqual(container.args, [
    'run',
    '--leader-elect',
    '--lease-namespace',
    'rec-system',
    '--namespace',
    'rec-system',
    '--metrics-port',
    '8080',
    '--health-port',
    '8081',
  ]);
  const env = Object.fromEntries(
    (container.env as { name: string; valueFrom?: { fieldRef?: { fieldPath: string } }; value?: string }[]).map((e) => [
      e.name,
      e.valueFrom?.fieldRef?.fieldPath ?? e.value,
    ]),
  );
  assert.deepEqual(env, { POD_NAME: 'metadata.name', POD_NAMESPACE: 'metadata.namespace', LOG_LEVEL: 'info' });
  const ports = Object.fromEntries(
    (container.ports as { name: string; containerPort: number }[]).map((p) => [p.name, p.containerPort]),
  );
  assert.deepEqual(ports, { metrics: 8080, health: 8081 });
  assert.deepEqual(container.livenessProbe.httpGet, { path: '/healthz', port: 'health', scheme: 'HTTP' });
  assert.deepEqual(container.readinessProbe.httpGet, { path: '/readyz', port: 'health', scheme: 'HTTP' });
  assert.deepEqual(container.resources, {
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '500m', memory: '256Mi' },
  });
  assert.equal(pod.serviceAccountName, 'rec-runner');
  assert.equal(pod.automountServiceAccountToken, true);
  assert.equal(pod.terminationGracePeriodSeconds, 30);
  const sa = find(objects, 'ServiceAccount', 'rec-runner');
  assert.equal(sa.automountServiceAccountToken, true);
});

test('Deployment: restricted security settings, pod and container', () => {
  const { pod, container } = deployment(install());
  assert.deepEqual(pod.securityContext, {
    runAsNonRoot: true,
    runAsUser: 65532,
    runAsGroup: 65532,
    fsGroup: 65532,
    seccompProfile: { type: 'RuntimeDefault' },
  });
  assert.equal(container.securityContext.readOnlyRootFilesystem, true);
  assert.equal(container.securityContext.allowPrivilegeEscalation, false);
  assert.deepEqual(container.securityContext.capabilities, { drop: ['ALL'] });
  assert.equal(container.securityContext.privileged, undefined);
  // A writable /tmp despite the read-only root filesystem.
  assert.deepEqual(container.volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }]);
  assert.ok(pod.volumes.some((v: { name: string; emptyDir?: object }) => v.name === 'tmp' && v.emptyDir));
});

test('Deployment: replicas prefer different nodes (anti-affinity) and zones (spread), never required', () => {
  const { pod } = deployment(install());
  const preferred = pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
  assert.equal(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution, undefined);
  assert.equal(preferred[0].podAffinityTerm.topologyKey, 'kubernetes.io/hostname');
  assert.deepEqual(preferred[0].podAffinityTerm.labelSelector.matchLabels, {
    'app.kubernetes.io/name': 'rec-runner',
    'app.kubernetes.io/component': 'controller',
  });
  for (const c of pod.topologySpreadConstraints) assert.equal(c.whenUnsatisfiable, 'ScheduleAnyway');
});

test('metrics Service: port 8080 named metrics, to the container port of that name, selecting the runner pods', () => {
  const objects = install();
  const service = find(objects, 'Service', 'rec-runner-metrics', 'rec-system');
  assert.deepEqual(service.spec.ports, [{ name: 'metrics', port: 8080, targetPort: 'metrics', protocol: 'TCP' }]);
  const { d } = deployment(objects);
  for (const [k, v] of Object.entries(service.spec.selector as Record<string, string>))
    assert.equal(d.spec.template.metadata.labels[k], v, `selector ${k}`);
});

test('options: namespace, image, replicas, resources, log level, ports, no namespace, no CRD, no PDB', () => {
  const objects = install({
    namespace: 'ops',
    image: 'registry.example/runner:dev',
    replicas: 1,
    resources: { requests: { cpu: '50m', memory: '64Mi' } },
    logLevel: 'debug',
    metricsPort: 9090,
    healthPort: 9091,
    createNamespace: false,
    installCrd: false,
  });
  assert.deepEqual(ids(objects), [
    'ServiceAccount/ops/rec-runner',
    'ClusterRole/redis-enterprise-node',
    'ClusterRole/redis-enterprise-node-reader',
    'Role/ops/rec-runner',
    'Role/ops/rec-runner-leader-election',
    'RoleBinding/ops/rec-runner',
    'RoleBinding/ops/rec-runner-leader-election',
    'Service/ops/rec-runner-metrics',
    'Deployment/ops/rec-runner',
  ]);
  const { d, container } = deployment(objects);
  assert.equal(d.spec.replicas, 1);
  assert.equal(container.image, 'registry.example/runner:dev');
  assert.deepEqual(container.resources, { requests: { cpu: '50m', memory: '64Mi' } });
  assert.ok(container.env.some((e: { name: string; value?: string }) => e.name === 'LOG_LEVEL' && e.value === 'debug'));
  assert.deepEqual(container.args.slice(-4), ['--metrics-port', '9090', '--health-port', '9091']);
  assert.equal(find(objects, 'Service', 'rec-runner-metrics').spec.ports[0].port, 9090);
  assert.equal(ofKind(install({ podDisruptionBudget: false }), 'PodDisruptionBudget').length, 0);
});

test('invalid options are refused, naming the option and what is allowed', () => {
  const refused = (options: Parameters<typeof installManifests>[0], pattern: RegExp) =>
    assert.throws(
      () => installManifests(options),
      (e: unknown) => e instanceof RunnerInstallError && pattern.test(e.message),
      JSON.stringify(options),
    );
  refused({ namespace: 'Rec_System' }, /^RecRunnerInstall: namespace: must be a namespace name/);
  refused({ watchNamespaces: [] }, /watchNamespaces: must be 'all' or a non-empty list/);
  refused({ watchNamespaces: ['ok', 'not ok'] }, /watchNamespaces\[1\]: must be a namespace name.*"not ok"/);
  refused({ replicas: 0 }, /replicas: must be an integer from 1/);
  refused({ metricsPort: 8081 }, /healthPort: must differ from metricsPort/);
  refused({ healthPort: 70000 }, /healthPort: must be an integer from 1 to 65535/);
  refused({ image: '' }, /image: must be a non-empty image reference/);
});

test('the default image tag is the package version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(
    RUNNER_VERSION,
    pkg.version,
    'constructs/runner-install/defaults.ts RUNNER_VERSION must follow package.json',
  );
});
