/**
 * fast-check arbitraries that mirror the spec's fields: valid values, edge-valid ones (63-character
 * label values, 253-character key prefixes, upper case in annotation prefixes, relaxed env names,
 * IPv6 and legacy IPv4, port names of exactly 15 characters...) and targeted mutations of each
 * category of issue 9 (one mutation per spec, or none). The oracle, not this file, decides what is
 * valid: a "valid-ish" value may well be refused, and a mutation may turn out harmless.
 */
import fc from 'fast-check';

type Spec = Record<string, unknown>;
export interface GeneratedSpec {
  readonly spec: Spec;
  /** The mutation applied, for the report ("none" for the base spec). */
  readonly mutation: string;
}

const dnsLabel = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
const prefix253 = `${'p'.repeat(61)}.${'q'.repeat(63)}.${'r'.repeat(63)}.${'s'.repeat(63)}`; // 253 characters
const labelKey = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.stringMatching(
      /^([a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z]{2,5})?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/,
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      `${prefix253}/k`,
      `example.com/${'n'.repeat(63)}`,
      'a',
      'A_b.c-D',
      'topology.kubernetes.io/zone',
    ),
  },
);
const labelValue = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?)?$/) },
  { weight: 1, arbitrary: fc.constantFrom('', 'v'.repeat(63), 'a.b_c-d') },
);
const annotationKey = fc.oneof(
  { weight: 5, arbitrary: labelKey },
  { weight: 1, arbitrary: fc.constantFrom('Example.COM/Key', 'UPPER/x', 'prometheus.io/scrape') },
);
const annotationValue = fc.oneof(
  { weight: 8, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'multi\nline', 'ünïcödé ✓') },
);
const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });
const annotations = fc.dictionary(annotationKey, annotationValue, { maxKeys: 3 });

const cpu = fc.constantFrom('100m', '250m', '500m', '1', '2', 1, 0.5);
const memory = fc.constantFrom('128Mi', '512Mi', '1Gi', '4Gi', '1.5Gi');
const resources = fc
  .tuple(cpu, memory)
  .map(([c, m]) => ({ requests: { cpu: c, memory: m }, limits: { cpu: c, memory: m } }));

const envName = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/) },
  // Relaxed names (Kubernetes 1.34+): any printable ASCII but '='.
  { weight: 1, arbitrary: fc.constantFrom('my.var-1', 'WITH SPACE', '1STARTS_WITH_DIGIT', '~!@#') },
);
const envVars = fc.array(fc.record({ name: envName, value: fc.string({ maxLength: 8 }) }), { maxLength: 3 });

const portName = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-z]([a-z0-9]{0,5}(-[a-z0-9]{1,3})?)?$/) },
  { weight: 1, arbitrary: fc.constantFrom('a'.repeat(15), 'http-2', '9p') },
);

const volumeSource = fc.constantFrom(
  { emptyDir: {} },
  { configMap: { name: 'cfg' } },
  { secret: { secretName: 'sec' } },
);

/** A base spec: every field optional, values valid or edge-valid. */
const baseSpec: fc.Arbitrary<Spec> = fc
  .record(
    {
      nodes: fc.constantFrom(3, 5, 7, 2147483647),
      persistentSpec: fc.record(
        {
          enabled: fc.boolean(),
          volumeSize: fc.constantFrom('1Gi', '20Gi', '100G', 5368709120),
          storageClassName: fc.constantFrom('', 'standard', 'fast.ssd-1'),
        },
        { requiredKeys: [] },
      ),
      redisEnterpriseNodeResources: resources,
      extraLabels: labels,
      podAnnotations: annotations,
      redisEnterprisePodAnnotations: annotations,
      uiAnnotations: annotations,
      services: fc.record({ servicesAnnotations: annotations }),
      servicesRiggerSpec: fc.record({ podAnnotations: annotations, extraEnvVars: envVars }, { requiredKeys: [] }),
      nodeSelector: labels,
      extraEnvVars: envVars,
      podTolerations: fc.array(
        fc.oneof(
          fc.record({
            key: labelKey,
            operator: fc.constant('Equal'),
            value: labelValue,
            effect: fc.constantFrom('NoSchedule', 'PreferNoSchedule', ''),
          }),
          fc.record({
            key: labelKey,
            operator: fc.constant('Exists'),
            effect: fc.constant('NoExecute'),
            tolerationSeconds: fc.integer({ min: 0, max: 3600 }),
          }),
          fc.constant({ operator: 'Exists' }),
        ),
        { maxLength: 2 },
      ),
      hostAliases: fc.array(
        fc.record({
          ip: fc.constantFrom('10.1.2.3', '2001:db8::1', '::1', '010.001.002.003', '::ffff:10.0.0.1'),
          hostnames: fc.array(fc.constantFrom('ldap.internal', 'a', 'x-1.example.com'), { maxLength: 2 }),
        }),
        { maxLength: 2 },
      ),
      uiServiceType: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'),
      antiAffinityAdditionalTopologyKeys: fc.array(labelKey, { maxLength: 2 }),
      rackAwarenessNodeLabel: fc.constantFrom('topology.kubernetes.io/zone', 'rack'),
      username: fc.constantFrom('admin@example.com', 'demo@redis.com'),
      license: fc.constantFrom('----- LICENSE START -----\nabc\n----- LICENSE END -----'),
      serviceBrokerSpec: fc.record({
        enabled: fc.boolean(),
        persistentSpec: fc.record({ volumeSize: fc.constantFrom('1Gi', '2Gi') }),
      }),
      // The node-side fields of the current official operator (issue 13, part B).
      containerTimezone: fc.record({
        timezoneName: fc.constantFrom('Europe/London', 'UTC', 'EST5EDT,M3.2.0,M11.1.0', '<+03>-3'),
      }),
      redisOnFlashSpec: fc.record({
        enabled: fc.boolean(),
        storageClassName: fc.constantFrom('', 'local-scsi'),
        flashDiskSize: fc.constantFrom('100G', '1Gi', 1073741824),
      }),
      usageMeter: fc.record({
        callHomeClient: fc.record(
          {
            disabled: fc.boolean(),
            cronExpression: fc.constantFrom(
              '0 23 * * *',
              '*/15 * * * *',
              '@daily',
              '0 0 1,15 JAN-JUN ?',
              '5-10/2 1 * * sun,sat',
              '@every 6h',
            ),
            interval: fc.constantFrom('24h', '30m', '1h30m'),
            proxySecretName: fc.constant('proxy'),
          },
          { requiredKeys: [] },
        ),
      }),
      podStartingPolicy: fc.record({ enabled: fc.boolean(), startingThresholdSeconds: fc.constantFrom(0, 60, 540) }),
      upgradeSpec: fc.record({ autoUpgradeRedisEnterprise: fc.boolean() }),
      userDefinedModules: fc.array(
        fc.record({
          name: fc.constant('custom'),
          source: fc.constant({ https: { url: 'https://m.example.com/m.zip' } }),
        }),
        { maxLength: 1 },
      ),
      redisEnterpriseAdditionalPodSpecAttributes: fc.record(
        {
          dnsPolicy: fc.constantFrom('ClusterFirst', 'Default'),
          enableServiceLinks: fc.boolean(),
          terminationGracePeriodSeconds: fc.integer({ min: 0, max: 60 }),
          tolerations: fc.array(fc.constant({ key: 'extra', operator: 'Exists', effect: 'NoSchedule' }), {
            maxLength: 1,
          }),
          initContainers: fc.array(
            fc.record({ name: dnsLabel.map((n) => `init-${n}`), image: fc.constant('busybox:1.36') }),
            { maxLength: 1 },
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  )
  .chain((spec) =>
    // Volumes, then mounts and side containers that use them (names unique by construction).
    fc
      .record({
        volumes: fc.uniqueArray(
          fc.tuple(dnsLabel, volumeSource).map(([name, source]) => ({ name, ...source })),
          { maxLength: 3, selector: (v) => v.name },
        ),
        containers: fc.uniqueArray(
          fc.record(
            {
              name: dnsLabel.map((n) => `side-${n}`),
              image: fc.constantFrom('busybox:1.36', 'registry.example.com/exporter@sha256:' + 'a'.repeat(64)),
              ports: fc.uniqueArray(
                fc.record(
                  {
                    name: portName,
                    containerPort: fc.integer({ min: 1, max: 65535 }),
                    protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'),
                  },
                  { requiredKeys: ['containerPort'] },
                ),
                { maxLength: 2, selector: (p) => p.name ?? Symbol() },
              ),
              env: envVars,
            },
            { requiredKeys: ['name', 'image'] },
          ),
          { maxLength: 2, selector: (c) => c.name },
        ),
        mountCount: fc.integer({ min: 0, max: 2 }),
      })
      .map(({ volumes, containers, mountCount }) => {
        const out: Spec = { ...spec };
        if (volumes.length > 0) {
          out.volumes = volumes;
          out.redisEnterpriseVolumeMounts = volumes
            .slice(0, mountCount)
            .map((v, i) => ({ name: v.name, mountPath: `/etc/extra-${i}` }));
        }
        if (containers.length > 0) out.sideContainersSpec = containers;
        return out;
      }),
  );

type Mutation = readonly [name: string, arbitrary: fc.Arbitrary<(spec: Spec) => Spec>];
const set =
  (field: string, value: unknown) =>
  (spec: Spec): Spec => ({ ...spec, [field]: value });
const merge =
  (field: string, entries: Record<string, unknown>) =>
  (spec: Spec): Spec => ({ ...spec, [field]: { ...(spec[field] as object), ...entries } });
const append =
  (field: string, item: unknown) =>
  (spec: Spec): Spec => ({ ...spec, [field]: [...((spec[field] as unknown[]) ?? []), item] });

const badLabelKey = fc.constantFrom(
  'bad key',
  '-x',
  'x-',
  'a/b/c',
  'k'.repeat(64),
  `${prefix253}p/k`,
  'Example.com/x',
  '/x',
  'é',
);
const badAnnotationKey = fc.constantFrom('bad key', '-x', 'a/b/c', 'k'.repeat(64), `${prefix253}p/k`, '/x', '');
const badLabelValue = fc.constantFrom('v'.repeat(64), 'x-', '-x', 'has space', 'a/b');
const sideContainer = (extra: Record<string, unknown>) => ({ name: 'side', image: 'busybox:1.36', ...extra });

/** The categories of issue 9, each a family of targeted mutations. */
export const MUTATIONS: readonly Mutation[] = [
  ['extraLabels key', badLabelKey.map((k) => merge('extraLabels', { [k]: 'v' }))],
  ['extraLabels value', badLabelValue.map((v) => merge('extraLabels', { team: v }))],
  [
    'extraLabels reserved key',
    fc
      .constantFrom('app', 'redis.io/cluster', 'redis.io/role', 'redis.io/role-master')
      .map((k) => merge('extraLabels', { [k]: '1' })),
  ],
  ['podAnnotations key', badAnnotationKey.map((k) => merge('podAnnotations', { [k]: 'v' }))],
  [
    'redisEnterprisePodAnnotations key',
    badAnnotationKey.map((k) => merge('redisEnterprisePodAnnotations', { [k]: 'v' })),
  ],
  ['uiAnnotations key', badAnnotationKey.map((k) => merge('uiAnnotations', { [k]: 'v' }))],
  [
    'servicesAnnotations key',
    badAnnotationKey.map((k) => (s: Spec) => ({ ...s, services: { servicesAnnotations: { [k]: 'v' } } })),
  ],
  [
    'annotations over 256 KiB',
    fc.constantFrom(131_000, 140_000).map((n) => (s: Spec) => ({
      ...s,
      podAnnotations: { 'example.com/a': 'a'.repeat(n) },
      redisEnterprisePodAnnotations: { 'example.com/b': 'b'.repeat(n) },
    })),
  ],
  ['nodeSelector key', badLabelKey.map((k) => merge('nodeSelector', { [k]: 'v' }))],
  ['nodeSelector value', badLabelValue.map((v) => merge('nodeSelector', { pool: v }))],
  [
    'side container name',
    fc
      .constantFrom('redis-enterprise-node', 'bootstrapper', 'Side', 'side_car', 'c'.repeat(64), '-side')
      .map((name) => append('sideContainersSpec', sideContainer({ name }))),
  ],
  [
    'side container duplicate',
    fc.constant((s: Spec) => ({ ...s, sideContainersSpec: [sideContainer({}), sideContainer({})] })),
  ],
  ['side container without image', fc.constant(append('sideContainersSpec', { name: 'noimage' }))],
  [
    'port name',
    fc
      .constantFrom('a'.repeat(16), 'Http', 'http--2', '-http', '1234', 'has_us')
      .map((name) => append('sideContainersSpec', sideContainer({ ports: [{ name, containerPort: 9000 }] }))),
  ],
  [
    'port number',
    fc
      .constantFrom(0, -1, 65536, 70000)
      .map((containerPort) => append('sideContainersSpec', sideContainer({ ports: [{ name: 'p', containerPort }] }))),
  ],
  [
    'host port',
    fc
      .constantFrom(-1, 65536)
      .map((hostPort) =>
        append('sideContainersSpec', sideContainer({ ports: [{ name: 'p', containerPort: 9000, hostPort }] })),
      ),
  ],
  [
    'duplicate port names',
    fc.constant(
      append(
        'sideContainersSpec',
        sideContainer({
          ports: [
            { name: 'p', containerPort: 9000 },
            { name: 'p', containerPort: 9001 },
          ],
        }),
      ),
    ),
  ],
  [
    'env name',
    fc.constantFrom('A=B', 'tab\there', 'é', '').map((name) => append('extraEnvVars', { name, value: '1' })),
  ],
  [
    'rigger env name',
    fc
      .constantFrom('A=B', 'ünï')
      .map((name) => (s: Spec) => ({ ...s, servicesRiggerSpec: { extraEnvVars: [{ name, value: '1' }] } })),
  ],
  [
    'side container env name',
    fc
      .constantFrom('A=B', '')
      .map((name) => append('sideContainersSpec', sideContainer({ env: [{ name, value: '1' }] }))),
  ],
  [
    'volume names',
    fc.constantFrom('dup', 'redis-enterprise-storage', 'Bad_Name', 'v'.repeat(64)).map((name) => (s: Spec) => ({
      ...s,
      volumes: [{ name, emptyDir: {} }, ...(name === 'dup' ? [{ name, emptyDir: {} }] : [])],
    })),
  ],
  [
    'volume source',
    fc
      .constantFrom({}, { emptyDir: {}, configMap: { name: 'x' } })
      .map((source) => (s: Spec) => ({ ...s, volumes: [{ name: 'vol', ...source }] })),
  ],
  [
    'mount undeclared',
    fc.constant((s: Spec) => ({ ...s, redisEnterpriseVolumeMounts: [{ name: 'nowhere', mountPath: '/etc/nowhere' }] })),
  ],
  [
    'mount over storage',
    fc.constant((s: Spec) => ({
      ...s,
      volumes: [{ name: 'cfg', emptyDir: {} }],
      redisEnterpriseVolumeMounts: [{ name: 'cfg', mountPath: '/opt/persistent' }],
    })),
  ],
  [
    'mount duplicate path',
    fc.constant((s: Spec) => ({
      ...s,
      volumes: [{ name: 'cfg', emptyDir: {} }],
      redisEnterpriseVolumeMounts: [
        { name: 'cfg', mountPath: '/etc/x' },
        { name: 'cfg', mountPath: '/etc/x' },
      ],
    })),
  ],
  [
    'side container mount undeclared',
    fc.constant(append('sideContainersSpec', sideContainer({ volumeMounts: [{ name: 'nowhere', mountPath: '/x' }] }))),
  ],
  [
    'toleration',
    fc
      .constantFrom<Record<string, unknown>>(
        { key: 'k', operator: 'Equal', value: 'v', effect: 'NoScheduleEver' },
        { key: 'k', operator: 'Exists', value: 'v' },
        { operator: 'Equal', value: 'v' },
        { key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 10 },
        { key: 'bad key', operator: 'Exists' },
        { key: 'k', operator: 'Lt', value: '5' },
        { key: 'k', operator: 'Equal', value: 'bad value' },
      )
      .map((t) => append('podTolerations', t)),
  ],
  [
    'host alias',
    fc
      .constantFrom('ldap.internal', '1.2.3', '300.1.1.1', '::g', '', 'fe80::1%eth0')
      .map((ip) => append('hostAliases', { ip, hostnames: ['a'] })),
  ],
  [
    'host alias hostname',
    fc.constantFrom('Bad_Host', '-x', 'a..b').map((h) => append('hostAliases', { ip: '10.0.0.1', hostnames: [h] })),
  ],
  [
    'requests above limits',
    fc
      .constantFrom(
        { requests: { cpu: '4', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } },
        { requests: { cpu: '1', memory: '8Gi' }, limits: { cpu: '1', memory: '4Gi' } },
      )
      .map((r) => set('redisEnterpriseNodeResources', r)),
  ],
  [
    'side container requests above limits',
    fc.constant(
      append(
        'sideContainersSpec',
        sideContainer({ resources: { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } } }),
      ),
    ),
  ],
  [
    'rigger requests above limits',
    fc.constant(set('redisEnterpriseServicesRiggerResources', { requests: { cpu: '2' }, limits: { cpu: '1' } })),
  ],
  ['nodes beyond int32', fc.constantFrom(2147483649, 3000000001).map((n) => set('nodes', n))],
  [
    'volume size zero',
    fc
      .constantFrom(0, '0', '0Gi')
      .map((v) => (s: Spec) => ({ ...s, persistentSpec: { enabled: true, volumeSize: v } })),
  ],
  [
    'broker volume size zero',
    fc.constant((s: Spec) => ({ ...s, serviceBrokerSpec: { enabled: true, persistentSpec: { volumeSize: '0' } } })),
  ],
  [
    'storage class name',
    fc
      .constantFrom('Fast_SSD', '-x')
      .map((c) => (s: Spec) => ({ ...s, persistentSpec: { enabled: true, storageClassName: c } })),
  ],
  ['ui ExternalName', fc.constant(set('uiServiceType', 'ExternalName'))],
  [
    'call home schedule',
    fc
      .constantFrom('61 * * * *', '* * * *', '0 0 * * 7', '0 24 * * *', 'TZ=UTC 0 0 * * *')
      .map((v) => set('usageMeter', { callHomeClient: { cronExpression: v } })),
  ],
  [
    'extra pod attributes a StatefulSet refuses',
    fc
      .constantFrom({ restartPolicy: 'OnFailure' }, { activeDeadlineSeconds: 30 })
      .map((v) => set('redisEnterpriseAdditionalPodSpecAttributes', v)),
  ],
  [
    'extra pod volume reusing a name',
    fc.constant((s: Spec) => ({
      ...append('volumes', { name: 'reused', emptyDir: {} })(s),
      redisEnterpriseAdditionalPodSpecAttributes: { volumes: [{ name: 'reused', emptyDir: {} }] },
    })),
  ],
  [
    'extra init container named like ours',
    fc
      .constantFrom('bootstrapper', 'redis-enterprise-node')
      .map((name) =>
        set('redisEnterpriseAdditionalPodSpecAttributes', { initContainers: [{ name, image: 'busybox:1.36' }] }),
      ),
  ],
  ['topology key', badLabelKey.map((k) => (s: Spec) => ({ ...s, antiAffinityAdditionalTopologyKeys: [k] }))],
];

/** As a manifest arrives (YAML or JSON): plain data, none of fast-check's own object machinery. */
const plain = (spec: Spec): Spec => JSON.parse(JSON.stringify(spec)) as Spec;

/**
 * `count` specs from `seed`, the same on every machine: every third one is a base spec alone, the
 * others carry one mutation, the families taken in turn so that every family is in any run of
 * more than 3 x MUTATIONS.length specs (fast-check draws the base and each mutation's values).
 */
export function sampleSpecs(seed: number, count: number): GeneratedSpec[] {
  const draws = fc.sample(fc.tuple(baseSpec, fc.tuple(...MUTATIONS.map(([, arbitrary]) => arbitrary))), {
    seed,
    numRuns: count,
  });
  let mutated = 0;
  return draws.map(([base, mutations], i) => {
    if (i % 3 === 0) return { spec: plain(base), mutation: 'none' };
    const family = mutated++ % MUTATIONS.length;
    return { spec: plain(mutations[family]!(base)), mutation: MUTATIONS[family]![0] };
  });
}
