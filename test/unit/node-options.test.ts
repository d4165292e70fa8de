/**
 * The node-side fields of the current official operator, rendered: what each changes, with the
 * defaults of the official API doc, and what `validate` says of what is not acted on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App, Chart } from 'cdk8s';
import { renderClusterManifest, type KubernetesObject } from '../../lib/render.js';
import { RedisEnterpriseCluster } from '../../constructs/redis-enterprise-cluster.js';
import { ClusterSpecError } from '../../lib/errors.js';
import { OPERATOR_VERSION, REDIS_ENTERPRISE_VERSION, imageTag, redisEnterpriseImage } from '../../lib/spec/images.js';
import { parseSpec } from '../../lib/spec/validate.js';
import { clusterObjectNames } from '../../lib/names.js';
import { NODE_PODS, mergeAdditionalPodSpec } from '../../lib/pod-spec-merge.js';
import { NOT_ACTED_ON_FIELDS, notActedOnMessage } from '../../lib/spec/not-acted-on.js';

type Obj = KubernetesObject & { spec?: any };

function render(spec: Record<string, unknown>, name = 'rec') {
  return renderClusterManifest({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name, namespace: 'redis' },
    spec,
  });
}
const objects = (spec: Record<string, unknown>, name = 'rec') => render(spec, name).objects as Obj[];
const find = (list: Obj[], kind: string) => list.find((o) => o.kind === kind);
const nodes = (list: Obj[]) => find(list, 'StatefulSet')!.spec.template.spec;
const container = (pod: any, name: string) => pod.containers.find((c: { name: string }) => c.name === name);
const warningsOf = (spec: Record<string, unknown>) => render(spec).warnings.map((w) => `${w.path}: ${w.message}`);

test('usage meter: a CronJob only when callHomeClient is given and not disabled, with the official defaults', () => {
  assert.equal(find(objects({}), 'CronJob'), undefined, 'none by default');
  assert.equal(find(objects({ usageMeter: {} }), 'CronJob'), undefined, 'none without callHomeClient');
  assert.equal(find(objects({ usageMeter: { callHomeClient: { disabled: true } } }), 'CronJob'), undefined);
  const list = objects({ usageMeter: { callHomeClient: {} } });
  const cron = find(list, 'CronJob')!;
  assert.equal(list.at(-1), cron, 'last in apply order');
  assert.equal(cron.metadata.name, 'rec-call-home');
  assert.equal(cron.spec.schedule, '0 23 * * *');
  assert.equal(cron.spec.timeZone, 'Etc/UTC');
  assert.equal(cron.spec.concurrencyPolicy, 'Forbid');
  const pod = cron.spec.jobTemplate.spec.template.spec;
  const client = container(pod, 'call-home-client');
  assert.equal(client.image, `redislabs/re-call-home-client:${OPERATOR_VERSION}`);
  assert.deepEqual(client.resources, {
    limits: { cpu: '250m', memory: '256Mi' },
    requests: { cpu: '250m', memory: '256Mi' },
  });
  assert.equal(client.args, undefined);
  assert.equal(pod.restartPolicy, 'Never');
  assert.equal(pod.automountServiceAccountToken, false);
  assert.equal(pod.serviceAccountName, undefined, "no access to the cluster's Role");
  assert.deepEqual(
    client.env.map((e: { name: string }) => e.name),
    ['CLUSTER_NAME', 'CLUSTER_API_URL', 'CLUSTER_USERNAME', 'CLUSTER_PASSWORD'],
  );
  assert.equal(cron.spec.jobTemplate.spec.template.metadata.labels['redis.io/role'], 'call-home-client');
});

test('usage meter: its fields land on the CronJob; a repository without a tag gets the operator tag (the official OpenShift example)', () => {
  const cron = find(
    objects({
      nodeSelector: { pool: 'redis' },
      usageMeter: {
        callHomeClient: {
          cronExpression: '30 1 * * MON',
          interval: '12h',
          proxySecretName: 'proxy',
          imageSpec: { repository: 'registry.connect.redhat.com/redislabs/call-home-client' },
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
          s3Target: { enabled: true, bucket: 'reports', credentialsSecretName: 's3' },
        },
      },
    }),
    'CronJob',
  )!;
  const pod = cron.spec.jobTemplate.spec.template.spec;
  const client = container(pod, 'call-home-client');
  assert.equal(cron.spec.schedule, '30 1 * * MON');
  assert.deepEqual(client.args, ['--interval', '12h']);
  assert.equal(client.image, `registry.connect.redhat.com/redislabs/call-home-client:${OPERATOR_VERSION}`);
  assert.deepEqual(client.resources, { requests: { cpu: '100m', memory: '128Mi' } });
  assert.deepEqual(
    pod.nodeSelector,
    { pool: 'redis' },
    'the official doc: nodeSelector applies to the call home client',
  );
  const env = Object.fromEntries(client.env.map((e: any) => [e.name, e.value ?? e.valueFrom.secretKeyRef]));
  assert.deepEqual(env.PROXY_URL, { name: 'proxy', key: 'proxy-url' });
  assert.deepEqual(env.PROXY_PASSWORD, { name: 'proxy', key: 'proxy-password', optional: true });
  assert.equal(env.S3_BUCKET, 'reports');
  assert.deepEqual(env.S3_SECRET_KEY, { name: 's3', key: 'secret-key' });
  // No Secret value is written into the CronJob: every credential is a reference to its Secret.
  for (const e of client.env)
    if (/PASSWORD|USERNAME|KEY|TOKEN|CERT/.test(e.name)) assert.ok(e.valueFrom && !('value' in e), e.name);
});

test("usage meter: a CronJob's name stays within 52 characters for the longest REC name, unique per REC", () => {
  const long = `r${'e'.repeat(46)}c`;
  assert.equal(long.length, 48);
  const name = clusterObjectNames(long).callHomeCronJob;
  assert.ok(name.length <= 52, name);
  assert.notEqual(name, clusterObjectNames(`${long.slice(0, 47)}d`).callHomeCronJob);
  assert.equal(find(objects({ usageMeter: { callHomeClient: {} } }, long), 'CronJob')!.metadata.name, name);
  assert.equal(clusterObjectNames('rec').callHomeCronJob, 'rec-call-home');
});

test('usage meter: a schedule or an interval that is not one is refused, naming the field', () => {
  assert.throws(
    () => render({ usageMeter: { callHomeClient: { cronExpression: '0 24 * * *' } } }),
    (e: ClusterSpecError) =>
      e.problems.some(
        (p) => p.path === 'spec.usageMeter.callHomeClient.cronExpression' && /cron schedule/.test(p.message),
      ),
  );
  for (const ok of ['@daily', '@every 6h', '*/15 * * * *', '0 0 1,15 jan-jun ?', '0 23 * * SUN-SAT'])
    assert.ok(render({ usageMeter: { callHomeClient: { cronExpression: ok } } }), ok);
});

test('containerTimezone: timezoneName is TZ in the Redis Enterprise, bootstrapper and services rigger containers', () => {
  const list = objects({ containerTimezone: { timezoneName: 'Europe/London' } });
  const pod = nodes(list);
  for (const name of ['redis-enterprise-node', 'bootstrapper'])
    assert.deepEqual(container(pod, name).env, [{ name: 'TZ', value: 'Europe/London' }], name);
  const rigger = find(list, 'Deployment')!.spec.template.spec.containers[0];
  assert.deepEqual(rigger.env.at(-1), { name: 'TZ', value: 'Europe/London' });
  assert.equal(pod.volumes, undefined, 'no volume for a named zone');
});

test("containerTimezone: propagateHost mounts the host's zone file read-only, and warns that it fails restricted", () => {
  const { objects: list, warnings } = render({ containerTimezone: { propagateHost: {} } });
  const pod = nodes(list);
  assert.deepEqual(pod.volumes, [{ name: 'host-timezone', hostPath: { path: '/etc/localtime', type: 'File' } }]);
  for (const name of ['redis-enterprise-node', 'bootstrapper'])
    assert.ok(
      container(pod, name).volumeMounts.some(
        (m: any) => m.name === 'host-timezone' && m.mountPath === '/etc/localtime' && m.readOnly === true,
      ),
      name,
    );
  const rigger = find(list, 'Deployment')!.spec.template.spec;
  assert.deepEqual(rigger.volumes, pod.volumes);
  assert.ok(
    warnings.some(
      (w) => w.path === 'spec.containerTimezone.propagateHost' && w.message.startsWith('fails Pod Security restricted'),
    ),
  );
});

test('redisOnFlashSpec: a flash claim template per node, mounted in the Redis Enterprise container; its driver is a REST API setting', () => {
  const { objects: list, warnings } = render({
    redisOnFlashSpec: {
      enabled: true,
      storageClassName: 'local-scsi',
      flashDiskSize: '100G',
      bigStoreDriver: 'speedb',
    },
  });
  const sts = find(list, 'StatefulSet')!;
  assert.deepEqual(
    sts.spec.volumeClaimTemplates.map((t: any) => t.metadata.name),
    ['redis-enterprise-storage', 'redis-enterprise-flash'],
  );
  assert.deepEqual(sts.spec.volumeClaimTemplates[1].spec, {
    accessModes: ['ReadWriteOnce'],
    storageClassName: 'local-scsi',
    resources: { requests: { storage: '100G' } },
  });
  assert.deepEqual(container(sts.spec.template.spec, 'redis-enterprise-node').volumeMounts[1], {
    name: 'redis-enterprise-flash',
    mountPath: '/var/opt/redislabs/flash',
  });
  assert.deepEqual(
    warnings.map((w) => w.path),
    ['spec.redisOnFlashSpec.bigStoreDriver'],
  );
  assert.match(warnings[0]!.message, /^accepted but not acted on \(a Redis Enterprise setting/);
  // Without persistence, the flash claim is the only template; disabled, there is none.
  const off = find(
    objects({ persistentSpec: { enabled: false }, redisOnFlashSpec: { enabled: false, storageClassName: '' } }),
    'StatefulSet',
  )!;
  assert.equal(off.spec.volumeClaimTemplates, undefined);
});

test('userDefinedModules: a hash of the list on the node pods, so a change rolls them; no annotation without modules', () => {
  const hash = (url: string) =>
    find(objects({ userDefinedModules: [{ name: 'm', source: { https: { url } } }] }), 'StatefulSet')!.spec.template
      .metadata.annotations['rec-cdk8s.io/user-defined-modules'] as string;
  assert.match(hash('https://a/m.zip'), /^[0-9a-f]{16}$/);
  assert.equal(hash('https://a/m.zip'), hash('https://a/m.zip'));
  assert.notEqual(hash('https://a/m.zip'), hash('https://b/m.zip'));
  assert.equal(find(objects({}), 'StatefulSet')!.spec.template.metadata.annotations, undefined);
  assert.ok(
    warningsOf({ userDefinedModules: [] }).some((w) =>
      w.startsWith('spec.userDefinedModules: accepted but not acted on ('),
    ),
  );
});

test('upgradeSpec: a running version is kept unless the spec names one or follows upgrades', () => {
  const image = (spec: Record<string, unknown>, running?: string) =>
    redisEnterpriseImage(parseSpec(spec).spec!, running).image;
  assert.equal(image({}), `redislabs/redis:${REDIS_ENTERPRISE_VERSION}`, 'a new cluster: the default');
  assert.equal(image({}, '7.22.0-28'), 'redislabs/redis:7.22.0-28', 'running: kept');
  assert.equal(image({ upgradeSpec: { autoUpgradeRedisEnterprise: false } }, '7.22.0-28'), 'redislabs/redis:7.22.0-28');
  assert.equal(
    image({ upgradeSpec: { autoUpgradeRedisEnterprise: true } }, '7.22.0-28'),
    `redislabs/redis:${REDIS_ENTERPRISE_VERSION}`,
    'following upgrades',
  );
  assert.equal(
    image({ redisEnterpriseImageSpec: { versionTag: '8.0.2-41' } }, '7.22.0-28'),
    'redislabs/redis:8.0.2-41',
  );
  assert.equal(
    image({ redisEnterpriseImageSpec: { repository: 'mirror.example.com/redis' } }, '7.22.0-28'),
    'mirror.example.com/redis:7.22.0-28',
    'a new repository keeps the version',
  );
  assert.equal(imageTag('registry:5000/redislabs/redis:8.0.2-41'), '8.0.2-41');
  assert.equal(imageTag('registry:5000/redislabs/redis'), undefined);
  assert.equal(imageTag('redislabs/redis@sha256:abc'), undefined);
  // The construct takes the running version too.
  const chart = new Chart(new App(), 'c', { namespace: 'redis' });
  const rec = new RedisEnterpriseCluster(chart, 'rec', { runningRedisEnterpriseVersion: '7.22.0-28' });
  assert.equal(rec.cluster.images.redisEnterprise.image, 'redislabs/redis:7.22.0-28');
});

test('runner-only fields are said to be so in synthesized output', () => {
  assert.deepEqual(
    warningsOf({
      podStartingPolicy: { enabled: true },
      upgradeSpec: { autoUpgradeRedisEnterprise: false },
    }).map((w) => w.split(': ')[0]),
    ['spec.podStartingPolicy', 'spec.upgradeSpec.autoUpgradeRedisEnterprise'],
  );
  assert.deepEqual(
    warningsOf({ podStartingPolicy: { enabled: false }, upgradeSpec: { autoUpgradeRedisEnterprise: true } }),
    [],
  );
});

test('redisEnterpriseAdditionalPodSpecAttributes: lists appended, maps merged and scalars kept where the cluster sets them, each override warned about', () => {
  const spec = {
    nodeSelector: { pool: 'redis' },
    podTolerations: [{ key: 'a', operator: 'Exists' }],
    redisEnterpriseAdditionalPodSpecAttributes: {
      dnsPolicy: 'None',
      dnsConfig: { nameservers: ['10.0.0.10'] },
      terminationGracePeriodSeconds: 5,
      serviceAccountName: 'other',
      hostname: 'mine',
      nodeSelector: { pool: 'other', disk: 'ssd' },
      tolerations: [{ key: 'b', operator: 'Exists' }],
      securityContext: { runAsUser: 0, sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] },
      affinity: { podAntiAffinity: {}, nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } },
      volumes: [{ name: 'scratch', emptyDir: {} }],
    },
  };
  const { objects: list, warnings } = render(spec);
  const pod = nodes(list);
  assert.equal(pod.dnsPolicy, 'None');
  assert.deepEqual(pod.dnsConfig, { nameservers: ['10.0.0.10'] });
  assert.equal(pod.terminationGracePeriodSeconds, 31_536_000);
  assert.equal(pod.serviceAccountName, 'rec');
  assert.equal(pod.hostname, undefined);
  assert.deepEqual(pod.nodeSelector, { pool: 'redis', disk: 'ssd' });
  assert.deepEqual(
    pod.tolerations.map((t: any) => t.key),
    ['a', 'b'],
  );
  assert.equal(pod.securityContext.runAsUser, 1001);
  assert.deepEqual(pod.securityContext.sysctls, [{ name: 'net.core.somaxconn', value: '1024' }]);
  assert.ok(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution, 'the nodes keep theirs');
  assert.ok(pod.affinity.nodeAffinity);
  assert.deepEqual(pod.volumes, [{ name: 'scratch', emptyDir: {} }]);
  const field = 'spec.redisEnterpriseAdditionalPodSpecAttributes.';
  assert.deepEqual(warnings.map((w) => w.path.replace(field, '')).sort(), [
    'affinity.podAntiAffinity',
    'hostname',
    'nodeSelector.pool',
    'securityContext.runAsUser',
    'serviceAccountName',
    'terminationGracePeriodSeconds',
  ]);
  // Every attribute the warnings call overridden is indeed not the user's value on the pod.
  const extra = spec.redisEnterpriseAdditionalPodSpecAttributes as Record<string, any>;
  for (const w of warnings) {
    const path = w.path.replace(field, '').split('.');
    const theirs = path.reduce((v, k) => v?.[k], extra as any);
    const ours = path.reduce((v, k) => v?.[k], pod);
    assert.notDeepEqual(ours, theirs, w.path);
  }
  assert.deepEqual(mergeAdditionalPodSpec({ a: 1 }, undefined, NODE_PODS), { a: 1 });
});

test('redisEnterpriseAdditionalPodSpecAttributes: what a StatefulSet pod template refuses is refused, naming the field', () => {
  const problems = (extra: Record<string, unknown>, spec: Record<string, unknown> = {}) => {
    try {
      render({ ...spec, redisEnterpriseAdditionalPodSpecAttributes: extra });
      return [];
    } catch (e) {
      return (e as ClusterSpecError).problems.map((p) => `${p.path}: ${p.message}`);
    }
  };
  const field = 'spec.redisEnterpriseAdditionalPodSpecAttributes';
  assert.match(
    problems({ activeDeadlineSeconds: 10 })[0]!,
    new RegExp(`^${field}.activeDeadlineSeconds: must not be set`),
  );
  assert.match(problems({ ephemeralContainers: [{ name: 'x' }] })[0]!, /ephemeralContainers: must not be set/);
  assert.match(problems({ volumes: [{ name: 'v' }, { name: 'v' }] })[0]!, /volumes: volume names must be unique/);
  assert.match(
    problems({ volumes: [{ name: 'host-timezone' }] }, { containerTimezone: { propagateHost: {} } })[0]!,
    /must not reuse a volume name/,
  );
  assert.match(
    problems({ imagePullSecrets: [{ name: 'reg' }] }, { pullSecrets: [{ name: 'reg' }] })[0]!,
    /imagePullSecrets: must not repeat a name of spec.pullSecrets/,
  );
  assert.match(
    problems({ hostAliases: [{ ip: '10.0.0.1' }] }, { hostAliases: [{ ip: '10.0.0.1', hostnames: ['a'] }] })[0]!,
    /hostAliases: must not repeat an IP/,
  );
  assert.match(
    problems(
      { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }] },
      { rackAwarenessNodeLabel: 'zone' },
    )[0]!,
    /must not spread over rackAwarenessNodeLabel/,
  );
  assert.match(problems({ dnsPolicy: 'Sometimes' })[0]!, /dnsPolicy: must be one of/);
  assert.match(problems({ terminationGracePeriodSeconds: -1 })[0]!, /must be at least 0/);
  // A key the official CRD does not have is an unknown field (the API server prunes it).
  assert.ok(
    render({ redisEnterpriseAdditionalPodSpecAttributes: { containers: [] } }).warnings.some(
      (w) => w.path === `${field}.containers` && w.message.startsWith('unknown field'),
    ),
  );
  // hostNetwork and a hostPath volume fail Pod Security restricted: warned about.
  const warned = render({
    redisEnterpriseAdditionalPodSpecAttributes: {
      hostNetwork: true,
      volumes: [{ name: 'h', hostPath: { path: '/x' } }],
    },
  }).warnings.filter((w) => w.message.startsWith('fails Pod Security'));
  assert.deepEqual(
    warned.map((w) => w.path),
    [`${field}.hostNetwork`, `${field}.volumes[0]`],
  );
});

test('every field not acted on says why: a Redis Enterprise setting of the REST API, or what happens instead', () => {
  for (const field of NOT_ACTED_ON_FIELDS) {
    const message = notActedOnMessage(field);
    assert.match(message, /^accepted but not acted on \(.+\)$/, field);
    assert.doesNotMatch(message, /changes no Kubernetes object/, field);
  }
  assert.match(notActedOnMessage('vaultCASecret'), /does not talk to Vault/);
  assert.match(notActedOnMessage('ldap'), /REST API/);
});

test("servicesRiggerAdditionalPodSpecAttributes: added to the services rigger's pod as the nodes' are, the rigger's own settings kept", () => {
  const { objects: list, warnings } = render({
    podTolerations: [{ key: 'a', operator: 'Exists' }],
    servicesRiggerSpec: {
      servicesRiggerAdditionalPodSpecAttributes: {
        dnsPolicy: 'Default',
        tolerations: [{ key: 'b', operator: 'Exists' }],
        serviceAccountName: 'other',
        securityContext: { runAsUser: 0, fsGroup: 2000 },
        affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } },
        hostname: 'rigger',
      },
    },
  });
  const rigger = find(list, 'Deployment')!.spec.template.spec;
  assert.equal(rigger.dnsPolicy, 'Default');
  assert.deepEqual(
    rigger.tolerations.map((t: any) => t.key),
    ['a', 'b'],
    'the doc: podTolerations are merged with tolerations defined here',
  );
  assert.equal(rigger.serviceAccountName, 'rec');
  assert.equal(rigger.securityContext.runAsUser, 1001);
  assert.equal(rigger.securityContext.fsGroup, 2000);
  assert.ok(rigger.affinity.nodeAffinity);
  assert.equal(rigger.hostname, 'rigger', 'a Deployment does not name its pods');
  assert.equal(nodes(list as Obj[]).dnsPolicy, undefined, 'not on the node pods');
  assert.deepEqual(
    warnings.map((w) => w.path),
    [
      'spec.servicesRiggerSpec.servicesRiggerAdditionalPodSpecAttributes.serviceAccountName',
      'spec.servicesRiggerSpec.servicesRiggerAdditionalPodSpecAttributes.securityContext.runAsUser',
    ],
  );
  assert.throws(
    () => render({ servicesRiggerSpec: { servicesRiggerAdditionalPodSpecAttributes: { restartPolicy: 'Never' } } }),
    (e: ClusterSpecError) =>
      e.problems.some(
        (p) => p.path === 'spec.servicesRiggerSpec.servicesRiggerAdditionalPodSpecAttributes.restartPolicy',
      ),
  );
});
