/**
 * Ingress methods and the runner's install: each method's kinds are granted, watched and applied
 * only when the install enables the method (`--ingress`, `--istio`, `--openshift-route`), and a REC
 * asking for a method its runner does not enable is told which flag it needs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { installManifests } from '../../lib/render/install-manifests.js';
import { INGRESS_METHOD_RULES } from '../../constructs/runner-install/rbac-rules.js';
import { ingressMethodNotEnabled } from '../../lib/runner/ingress-enablement.js';
import { ingressOwnedTypes } from '../../lib/runner/owned-types.js';
import { ingressMethodsFromFlags } from '../../lib/api/ingress-kinds.js';
import { RESOURCE } from '../../lib/kube/resources.js';
import { parseSpec } from '../../lib/api/validate.js';
import { main } from '../../lib/cli/main.js';
import { parseLabelsFlag } from '../../lib/api/label-flag.js';
import { RunnerInstallError } from '../../constructs/runner-install/index.js';
import type { KubernetesObject } from '../../lib/render/cluster-manifest.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
type Obj = KubernetesObject & { rules?: Rule[]; spec?: any };

const INGRESS_GROUPS = ['networking.k8s.io', 'networking.istio.io', 'route.openshift.io'];
const rulesOf = (objects: Obj[], kind: string, name: string) =>
  objects.filter((o) => o.kind === kind && o.metadata.name === name).flatMap((o) => o.rules ?? []);
const ingressRules = (rules: Rule[]) => rules.filter((r) => r.apiGroups.some((g) => INGRESS_GROUPS.includes(g)));
const args = (objects: Obj[]) => objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].args;
const parsed = (spec: Record<string, unknown>) => parseSpec(spec).spec!;
const api = { apiFqdnUrl: 'api.example.com', dbFqdnSuffix: '-db.example.com' };

test('a default install holds nothing of any ingress method, and runs without their flags', () => {
  for (const watchNamespaces of [['redis'], 'all'] as const) {
    const objects = installManifests({ namespace: 'ops', watchNamespaces }) as Obj[];
    const runnerRules = objects
      .filter(
        (o) => (o.kind === 'Role' || o.kind === 'ClusterRole') && !o.metadata.name.startsWith('redis-enterprise-node'),
      )
      .flatMap((o) => o.rules ?? []);
    assert.deepEqual(ingressRules(runnerRules), [], String(watchNamespaces));
    for (const flag of ['--ingress', '--istio', '--openshift-route']) assert.ok(!args(objects).includes(flag));
  }
});

test('each enabled method adds its rules where RECs are watched (each Role, or the ClusterRole), and its flag', () => {
  const namespaced = installManifests({ namespace: 'ops', watchNamespaces: ['a', 'b'], istio: true }) as Obj[];
  for (const ns of ['a', 'b']) {
    const role = namespaced.find((o) => o.kind === 'Role' && o.metadata.namespace === ns)!;
    assert.deepEqual(ingressRules(role.rules ?? []), [
      {
        apiGroups: ['networking.istio.io'],
        resources: ['gateways'],
        verbs: ['list', 'watch', 'create', 'patch', 'delete'],
      },
      {
        apiGroups: ['networking.istio.io'],
        resources: ['virtualservices'],
        verbs: ['list', 'watch', 'create', 'patch', 'delete'],
      },
    ]);
  }
  assert.deepEqual(ingressRules(rulesOf(namespaced, 'Role', 'rec-runner-leader-election')), [], 'not with the Lease');
  assert.ok(args(namespaced).includes('--istio'));

  const all = installManifests({
    namespace: 'ops',
    watchNamespaces: 'all',
    ingress: true,
    openShiftRoute: true,
  }) as Obj[];
  assert.deepEqual(
    ingressRules(rulesOf(all, 'ClusterRole', 'rec-runner-ops')).map(
      (r) => `${r.apiGroups[0]}/${r.resources[0]} ${r.verbs.join(',')}`,
    ),
    [
      'networking.k8s.io/ingresses list,watch,create,patch,delete',
      'route.openshift.io/routes list,watch,create,patch,delete',
      'route.openshift.io/routes/custom-host create',
    ],
  );
  const flags = args(all).filter((a: string) => ['--ingress', '--istio', '--openshift-route'].includes(a));
  assert.deepEqual(flags, ['--ingress', '--openshift-route']);
});

test('the Istio gateway selector: passed to the runner as --istio-gateway-selector, checked as labels', () => {
  const objects = installManifests({
    istio: true,
    istioGatewaySelector: { istio: 'ingressgateway', app: 'edge' },
  }) as Obj[];
  const runArgs: string[] = args(objects);
  assert.deepEqual(
    runArgs.slice(runArgs.indexOf('--istio-gateway-selector'), runArgs.indexOf('--istio-gateway-selector') + 2),
    ['--istio-gateway-selector', 'istio=ingressgateway,app=edge'],
  );
  assert.ok(!args(installManifests({ istio: true })).includes('--istio-gateway-selector'), "the runner's default");
  assert.throws(
    () => installManifests({ istio: true, istioGatewaySelector: { 'not a key': 'x' } }),
    (e: unknown) =>
      e instanceof RunnerInstallError &&
      /^RecRunnerInstall: istioGatewaySelector: must be at least one label/.test(e.message),
  );
  assert.deepEqual(parseLabelsFlag('istio=ingressgateway,app=edge', '--f'), { istio: 'ingressgateway', app: 'edge' });
  for (const bad of ['istio', 'a=b,a=c', 'a b=c', '', 'k=' + 'v'.repeat(64)])
    assert.throws(() => parseLabelsFlag(bad, '--f'), /^Error: --f: must be at least one label/);
});

test('rec-cdk8s install --istio-gateway-selector with bad labels: exit 2, naming the flag', async () => {
  const err: string[] = [];
  const code = await main(['install', '--istio', '--istio-gateway-selector', 'istio'], {
    out: () => {},
    err: (t) => err.push(t),
  });
  assert.equal(code, 2);
  assert.match(err.join('\n'), /--istio-gateway-selector: must be at least one label/);
});

test('every rule of every method says why, and no method grants get, update or a wildcard', () => {
  for (const [method, rules] of Object.entries(INGRESS_METHOD_RULES)) {
    assert.ok(rules.length > 0, method);
    for (const rule of rules) {
      assert.ok(rule.why.length > 10, `${method} ${rule.resource}`);
      for (const verb of ['get', 'update', '*', 'escalate', 'bind'])
        assert.ok(!rule.verbs.includes(verb), `${rule.resource} ${verb}`);
    }
  }
});

test('rec-cdk8s install --ingress --istio --openshift-route: the grants and the runner flags', async () => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['install', '-n', 'redis', '--ingress', '--istio', '--openshift-route'], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  assert.equal(code, 0, err.join('\n'));
  const objects = parseAllDocuments(out.join('\n')).map((d) => d.toJS() as Obj);
  const role = objects.find((o) => o.kind === 'Role' && o.metadata.namespace === 'redis')!;
  assert.deepEqual(
    ingressRules(role.rules ?? []).map((r) => r.resources[0]),
    ['ingresses', 'gateways', 'virtualservices', 'routes', 'routes/custom-host'],
  );
  assert.deepEqual(
    args(objects).filter(
      (a: string) => a.startsWith('--') && ['--ingress', '--istio', '--openshift-route'].includes(a),
    ),
    ['--ingress', '--istio', '--openshift-route'],
  );
});

test('the flags, as commander parses them, name the methods', () => {
  assert.deepEqual(ingressMethodsFromFlags({}), []);
  assert.deepEqual(ingressMethodsFromFlags({ openshiftRoute: true, ingress: true }), ['ingress', 'openShiftRoute']);
  assert.deepEqual(ingressOwnedTypes(['istio']), [RESOURCE.istioGateway, RESOURCE.istioVirtualService]);
  assert.deepEqual(ingressOwnedTypes([]), []);
});

test('a method the runner does not enable: the field, the kinds it needs and the flag to install with', () => {
  const istio = parsed({ ingressOrRouteSpec: { method: 'istio', ...api } });
  assert.equal(
    ingressMethodNotEnabled(istio, new Set(['ingress'])),
    "spec.ingressOrRouteSpec.method istio needs Gateway (networking.istio.io/v1beta1) and VirtualService (networking.istio.io/v1beta1), which this runner's install does not enable: install the runner with `rec-cdk8s install --istio` (it grants them and runs `rec-cdk8s run --istio`); nothing was applied",
  );
  assert.equal(ingressMethodNotEnabled(istio, new Set(['istio'])), undefined);
  const older = parsed({
    activeActive: { method: 'openShiftRoute', apiIngressUrl: 'a.example.com', dbIngressSuffix: '.b' },
  });
  assert.match(
    ingressMethodNotEnabled(older, new Set())!,
    /^spec\.activeActive\.method openShiftRoute needs Route \(route\.openshift\.io\/v1\).*--openshift-route/,
  );
  assert.equal(ingressMethodNotEnabled(parsed({}), new Set()), undefined, 'no ingress method: nothing to enable');
});
