/**
 * Issue 13: the official operator's example RECs validate and render. Each file in
 * test/fixtures/official-spirit/ is a REC of our own written in the spirit of one example from
 * RedisLabs/redis-enterprise-k8s-docs (its first line names which). Every file found there is
 * validated and rendered the way `rec-cdk8s render` and the runner do, and must show, in the
 * rendered objects, that its fields took effect. The same files are admitted by the real API
 * server and dry-run there in test/integration/rec-admission.test.ts and rec-workloads.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateClusterManifest } from '../../lib/spec/validate.js';
import { renderClusterManifest, type KubernetesObject } from '../../lib/render.js';
import { OPERATOR_VERSION, REDIS_ENTERPRISE_VERSION } from '../../lib/spec/images.js';
import { DEFAULT_BROKER_VOLUME_SIZE } from '../../lib/spec/schema.js';
import { fixtures, type Fixture } from '../fixtures/load.js';
import { readFileSync } from 'node:fs';

type Obj = KubernetesObject & {
  spec?: any;
  data?: Record<string, string>;
  roleRef?: any;
  subjects?: any[];
  rules?: any[];
};

/** What a fixture rendered, with the lookups the expectations use. */
class Rendered {
  constructor(
    readonly name: string,
    readonly objects: Obj[],
  ) {}

  find(kind: string, name: string): Obj | undefined {
    return this.objects.find((o) => o.kind === kind && o.metadata.name === name);
  }

  one(kind: string, name = this.name): Obj {
    const found = this.find(kind, name);
    const have = this.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ');
    assert.ok(found, `${kind}/${name} is rendered (have: ${have})`);
    return found;
  }

  get nodePod(): any {
    return this.one('StatefulSet').spec.template;
  }

  get riggerPod(): any {
    return this.one('Deployment', `${this.name}-services-rigger`).spec.template;
  }

  container(pod: any, name: string): any {
    const found = pod.spec.containers.find((c: { name: string }) => c.name === name);
    assert.ok(
      found,
      `container ${name} (have: ${pod.spec.containers.map((c: { name: string }) => c.name).join(', ')})`,
    );
    return found;
  }

  get node(): any {
    return this.container(this.nodePod, 'redis-enterprise-node');
  }

  get storageClaim(): any {
    const claims = (this.one('StatefulSet').spec.volumeClaimTemplates ?? []).filter(
      (t: any) => t.metadata.name === 'redis-enterprise-storage',
    );
    assert.equal(claims.length, 1, 'one volume claim template of the node storage');
    return claims[0].spec;
  }

  env(container: any, name: string): string | undefined {
    return (container.env ?? []).find((e: { name: string }) => e.name === name)?.value;
  }
}

interface Expectation {
  /** The paths of every warning validation must give, in order: nothing unexpected is said, nothing expected is missed. */
  readonly warnings?: readonly string[];
  readonly rendered: (r: Rendered) => void;
}

const NAMESPACE = 'spirit';
const NOTICES = /^(accepted but not acted on|fails Pod Security)/;
const guaranteed = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });

const EXPECTATIONS: Record<string, Expectation> = {
  'rec-v1': {
    rendered: (r) => {
      assert.equal(r.one('StatefulSet').spec.replicas, 5);
      assert.equal(r.storageClaim.resources.requests.storage, '40Gi');
      assert.deepEqual(r.node.resources, guaranteed('3', '6Gi'));
    },
  },
  'rec-v1alpha1': {
    rendered: (r) => {
      assert.equal(r.one('StatefulSet').spec.replicas, 3);
      assert.equal(r.storageClaim.resources.requests.storage, '25Gi');
      assert.deepEqual(r.node.resources, guaranteed('1500m', '5Gi'));
    },
  },
  'openshift-rhel-images': {
    rendered: (r) => {
      const registry = 'certified.registry.example.com/redislabs';
      // usageMeter.callHomeClient: the call home CronJob, from the certified registry too.
      const cronJob = r.one('CronJob', `${r.name}-call-home`);
      assert.equal(
        cronJob.spec.jobTemplate.spec.template.spec.containers[0].image.split(':')[0],
        `${registry}/call-home-client`,
      );
      assert.equal(r.node.image, `${registry}/redis-enterprise:7.22.2-22.9`);
      // Only a repository given: the tag is the operator release's, as for the default images.
      assert.equal(
        r.container(r.nodePod, 'bootstrapper').image,
        `${registry}/redis-enterprise-operator:${OPERATOR_VERSION}`,
      );
      assert.equal(r.riggerPod.spec.containers[0].image, `${registry}/services-manager:${OPERATOR_VERSION}`);
      assert.deepEqual(r.node.resources, guaranteed('2', '6Gi'));
      assert.equal(r.storageClaim.resources.requests.storage, '30Gi');
    },
  },
  'rack-aware': {
    rendered: (r) => {
      const binding = r.objects.find((o) => o.kind === 'ClusterRoleBinding');
      assert.ok(binding, 'a ClusterRoleBinding lets the nodes read the Node labels');
      assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: r.name, namespace: NAMESPACE }]);
      const role = r.one('ClusterRole', binding.roleRef.name);
      assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }]);
      const spread = r.nodePod.spec.topologySpreadConstraints;
      assert.deepEqual(
        spread.map((c: { topologyKey: string }) => c.topologyKey),
        ['failure-domain.example.com/rack'],
      );
      assert.equal(r.one('StatefulSet').spec.replicas, 5);
    },
  },
  'vault-credentials': {
    warnings: ['spec.clusterCredentialSecretRole', 'spec.vaultCASecret'],
    rendered: (r) => {
      // The credentials are a Vault path: no Secret for them, no Job generating a password.
      assert.deepEqual(
        r.objects.filter((o) => o.kind === 'Secret' || o.kind === 'Job').map((o) => o.metadata.name),
        [],
      );
      const annotations = {
        'vault.hashicorp.com/auth-path': 'auth/k8s-east',
        'vault.hashicorp.com/namespace': 'platform/redis',
      };
      assert.deepEqual(r.nodePod.metadata.annotations, annotations);
      assert.deepEqual(r.riggerPod.metadata.annotations, annotations);
    },
  },
  'vault-license-and-certificates': {
    warnings: ['spec.certificates', 'spec.clusterCredentialSecretRole', 'spec.vaultCASecret'],
    rendered: (r) => {
      // License and credentials are Vault paths too: no Secret of ours for either.
      assert.deepEqual(
        r.objects.filter((o) => o.kind === 'Secret' || o.kind === 'Job').map((o) => o.metadata.name),
        [],
      );
      assert.equal(r.nodePod.metadata.annotations['vault.hashicorp.com/namespace'], 'finance/redis');
    },
  },
  'gears-python-packages': {
    // The init container, as the official example writes it, does not meet Pod Security restricted.
    warnings: ['spec.redisEnterpriseAdditionalPodSpecAttributes.initContainers[0]'],
    rendered: (r) => {
      assert.deepEqual(
        r.nodePod.spec.volumes.find((v: { name: string }) => v.name === 'python-packages'),
        { name: 'python-packages', emptyDir: {} },
      );
      assert.deepEqual(
        r.node.volumeMounts.find((m: { name: string }) => m.name === 'python-packages'),
        { name: 'python-packages', mountPath: '/opt/redislabs/gears-packages' },
      );
      // The pod spec attributes: the init container that installs the packages runs in every node pod.
      const [init] = r.nodePod.spec.initContainers;
      assert.equal(init.name, 'install-python-packages');
      assert.deepEqual(init.volumeMounts, [{ name: 'python-packages', mountPath: '/opt/redislabs/gears-packages' }]);
    },
  },
  simple: {
    rendered: (r) => {
      assert.equal(r.one('StatefulSet').spec.replicas, 3);
      assert.equal(r.node.image, `redislabs/redis:${REDIS_ENTERPRISE_VERSION}`);
      // Persistence is on by default, sized 5 x the default 4Gi memory request.
      assert.equal(r.storageClaim.resources.requests.storage, '20Gi');
      // The credentials Secret is ours, its password made in the cluster by the Job.
      r.one('Secret');
      r.one('Job', `${r.name}-password`);
    },
  },
  'persistent-storage-class': {
    rendered: (r) => {
      assert.equal(r.storageClaim.storageClassName, 'fast-ssd');
      assert.equal(r.storageClaim.resources.requests.storage, '20Gi');
    },
  },
  'legacy-ui-load-balancer': {
    rendered: (r) => {
      assert.equal(r.one('Service', `${r.name}-ui`).spec.type, 'LoadBalancer');
      assert.equal(Buffer.from(r.one('Secret').data!.username!, 'base64').toString(), 'dba@example.org');
      assert.deepEqual(r.node.resources, guaranteed('3000m', '8Gi'));
      assert.equal(r.storageClaim.storageClassName, 'standard-rwo');
    },
  },
  'service-broker': {
    rendered: (r) => {
      const claim = r.one('PersistentVolumeClaim', `${r.name}-service-broker`);
      assert.equal(claim.spec.storageClassName, 'broker-state');
      assert.equal(claim.spec.resources.requests.storage, DEFAULT_BROKER_VOLUME_SIZE);
      const broker = r.one('Deployment', `${r.name}-service-broker`).spec.template.spec;
      assert.ok(
        broker.volumes.some((v: any) => v.persistentVolumeClaim?.claimName === claim.metadata.name),
        'the broker mounts its claim',
      );
      r.one('Service', `${r.name}-service-broker`);
    },
  },
  'private-registry': {
    rendered: (r) => {
      const registry = 'registry.internal.example/redis';
      const pulled = (c: any) => [c.image, c.imagePullPolicy];
      assert.deepEqual(pulled(r.node), [`${registry}/redis:7.8.6-13`, 'IfNotPresent']);
      assert.deepEqual(pulled(r.container(r.nodePod, 'bootstrapper')), [
        `${registry}/operator:7.8.6-2`,
        'IfNotPresent',
      ]);
      assert.deepEqual(pulled(r.riggerPod.spec.containers[0]), [`${registry}/k8s-controller:7.8.6-2`, 'IfNotPresent']);
      for (const pod of [r.nodePod, r.riggerPod])
        assert.deepEqual(pod.spec.imagePullSecrets, [{ name: 'registry-credentials' }]);
      assert.equal(r.one('StatefulSet').spec.replicas, 3);
      assert.deepEqual(
        [r.storageClaim.storageClassName, r.storageClaim.resources.requests.storage],
        ['standard', '20Gi'],
      );
    },
  },
  'labels-and-ui-annotations': {
    rendered: (r) => {
      for (const o of r.objects) {
        assert.equal(o.metadata.labels?.['cost-center'], 'cc-4471', `${o.kind}/${o.metadata.name}`);
        assert.equal(o.metadata.labels?.environment, 'staging', `${o.kind}/${o.metadata.name}`);
      }
      assert.deepEqual(r.one('Service', `${r.name}-ui`).metadata.annotations, {
        'example.com/owner': 'data-platform',
        'external-dns.alpha.kubernetes.io/hostname': 'redis-ui.staging.example.com',
      });
      assert.equal(r.one('Service').metadata.annotations, undefined, 'uiAnnotations are for the UI Service only');
    },
  },
  'side-containers': {
    // The sidecar as the official example writes it has no securityContext: Pod Security restricted says so.
    warnings: ['spec.sideContainersSpec[0]'],
    rendered: (r) => {
      const sidecar = r.container(r.nodePod, 'log-shipper');
      assert.equal(sidecar.image, 'registry.example.com/observability/fluent-bit:3.1');
      assert.deepEqual(sidecar.resources, guaranteed('100m', '64Mi'));
    },
  },
  'enforce-ipv4': {
    rendered: (r) => {
      assert.equal(r.env(r.node, 'ENFORCE_IPV4'), 'true');
    },
  },
  'database-services-load-balancer': {
    rendered: (r) => {
      assert.equal(r.env(r.riggerPod.spec.containers[0], 'DATABASE_SERVICE_TYPE'), 'load_balancer');
    },
  },
  'active-active-openshift-route': {
    rendered: (r) => {
      const route = r.one('Route');
      assert.equal(route.spec.host, 'api-geo-east.apps.east.example.net');
      assert.deepEqual(route.spec.to, { kind: 'Service', name: r.name });
      assert.equal(route.spec.port.targetPort, 9443);
      assert.equal(route.spec.tls.termination, 'passthrough');
    },
  },
  'node-pool-and-priority': {
    warnings: ['spec.podSecurityPolicyName'],
    rendered: (r) => {
      for (const pod of [r.nodePod, r.riggerPod]) {
        assert.deepEqual(pod.spec.nodeSelector, { 'cloud.google.com/gke-nodepool': 'redis-pool' });
        assert.equal(pod.spec.priorityClassName, 'redis-critical');
      }
    },
  },
  'host-time-zone': {
    // A hostPath volume: the warning says it fails Pod Security restricted.
    warnings: ['spec.containerTimezone.propagateHost'],
    rendered: (r) => {
      const volume = r.nodePod.spec.volumes.find((v: any) => v.hostPath);
      assert.deepEqual(volume.hostPath, { path: '/etc/localtime', type: 'File' });
      for (const container of [r.node, r.container(r.nodePod, 'bootstrapper')])
        assert.ok(
          container.volumeMounts.some((m: any) => m.name === volume.name && m.mountPath === '/etc/localtime'),
          container.name,
        );
      assert.ok(r.riggerPod.spec.volumes.some((v: any) => v.hostPath?.path === '/etc/localtime'));
    },
  },
  'redis-on-flash': {
    // The storage engine is Redis Enterprise's setting, passed to it through its REST API.
    warnings: ['spec.redisOnFlashSpec.flashStorageEngine'],
    rendered: (r) => {
      const templates = r.one('StatefulSet').spec.volumeClaimTemplates;
      const flash = templates.find((t: any) => t.metadata.name === 'redis-enterprise-flash');
      assert.equal(flash.spec.storageClassName, 'local-nvme');
      assert.deepEqual(flash.spec.resources.requests, { storage: '200G' });
      // The node storage keeps the cluster's default class.
      assert.equal(r.storageClaim.storageClassName, undefined);
    },
  },
  'ingress-nginx': {
    rendered: (r) => {
      const ingress = r.one('Ingress');
      assert.deepEqual(ingress.metadata.annotations, {
        'kubernetes.io/ingress.class': 'nginx',
        'nginx.ingress.kubernetes.io/ssl-passthrough': 'true',
      });
      const [rule] = ingress.spec.rules;
      assert.equal(rule.host, 'api-edge-prod.redis.example.org');
      assert.deepEqual(rule.http.paths[0].backend.service, { name: r.name, port: { number: 9443 } });
    },
  },
};

const spirit = fixtures('official-spirit');

test('the folder holds fixtures, each naming on its first line the official example it mirrors', () => {
  assert.ok(spirit.length > 0, 'test/fixtures/official-spirit/ is empty');
  for (const fixture of spirit) {
    const first = readFileSync(fixture.file, 'utf8').split('\n', 1)[0]!;
    assert.match(first, /^# Mirrors \S+/, `${fixture.name}: first line`);
  }
});

test('every fixture has its expectations, and every expectation its fixture', () => {
  assert.deepEqual(Object.keys(EXPECTATIONS).sort(), spirit.map((f) => f.name).sort());
});

// The integration tests apply these RECs next to the valid/ ones in one namespace: a shared name
// would make one fixture an edit of another.
test('REC names are unique in official-spirit/ and unused in valid/', () => {
  const nameOf = (f: Fixture) => (f.documents[0]!.metadata as { name: string }).name;
  const taken = new Set(fixtures('valid').map(nameOf));
  const names = spirit.map(nameOf);
  assert.deepEqual(
    names.filter((n, i) => taken.has(n) || names.indexOf(n) !== i),
    [],
  );
});

for (const fixture of spirit) {
  test(`official spirit: ${fixture.name} validates and its fields take effect in what renders`, () => {
    const expectation = EXPECTATIONS[fixture.name];
    assert.ok(expectation, `no expectations for ${fixture.name}`);
    assert.equal(fixture.documents.length, 1, 'one REC per file');
    const manifest = fixture.documents[0]!;

    const validation = validateClusterManifest(manifest);
    assert.deepEqual(
      validation.errors.map((p) => `${p.path}: ${p.message}`),
      [],
    );
    assert.deepEqual(
      validation.warnings.map((w) => w.path),
      expectation.warnings ?? [],
    );
    // Each is a field we accept without building it, or a Pod Security finding: never anything else.
    for (const warning of validation.warnings) assert.match(warning.message, NOTICES, warning.message);

    const { objects, warnings } = renderClusterManifest(manifest, { namespace: NAMESPACE });
    assert.deepEqual(warnings, validation.warnings, 'render reports what validate does');
    const name = (manifest.metadata as { name: string }).name;
    expectation.rendered(new Rendered(name, objects));
  });
}
