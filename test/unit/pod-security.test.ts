import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podViolations, containerViolations } from '../../lib/pod-security.js';
import { validateClusterManifest } from '../../lib/spec/validate.js';
import { renderClusterManifest } from '../../lib/render.js';
import { podTemplates, renderedCases, warnedWorkload } from '../support/pod-security-cases.js';

const manifest = (spec: Record<string, unknown>) => ({
  apiVersion: 'app.redislabs.com/v1',
  kind: 'RedisEnterpriseCluster',
  metadata: { name: 'rec', namespace: 'redis' },
  spec,
});

test('every pod of every example, fixture and the default REC meets restricted, unless a warning says why not', () => {
  for (const c of renderedCases()) {
    const templates = podTemplates(c.objects);
    assert.ok(templates.length >= 2, `${c.name}: nodes and rigger at least`);
    for (const { workload, template } of templates) {
      const violations = podViolations(template.spec);
      if (c.podSecurityWarnings.length === 0) assert.deepEqual(violations, [], `${c.name} ${workload}`);
      // A case with warnings fails only in the pods the warnings name.
      else if (!warnedWorkload(c, workload)) assert.deepEqual(violations, [], `${c.name} ${workload}`);
    }
  }
});

test('allowAutoAdjustment: SYS_RESOURCE over drop ALL, and a warning naming the field', () => {
  const result = renderClusterManifest(
    manifest({ securityContext: { resourceLimits: { allowAutoAdjustment: true } } }),
  );
  const sts = result.objects.find((o) => o.kind === 'StatefulSet') as any;
  const node = sts.spec.template.spec.containers[0];
  assert.deepEqual(node.securityContext.capabilities, { drop: ['ALL'], add: ['SYS_RESOURCE'] });
  assert.deepEqual(podViolations(sts.spec.template.spec), [
    'container redis-enterprise-node: capabilities.add SYS_RESOURCE',
  ]);
  const warning = result.warnings.find((w) => w.path === 'spec.securityContext.resourceLimits.allowAutoAdjustment');
  assert.match(warning?.message ?? '', /^fails Pod Security restricted \(and baseline\): .*SYS_RESOURCE/);
});

test('side containers and volumes that fail restricted are warned about, one warning each; compliant ones are not', () => {
  const { warnings, errors } = validateClusterManifest(
    manifest({
      sideContainersSpec: [
        { name: 'plain', image: 'busybox' },
        {
          name: 'good',
          image: 'busybox',
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
          },
        },
        {
          name: 'root',
          image: 'busybox',
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            runAsUser: 0,
            privileged: true,
          },
        },
      ],
      volumes: [
        { name: 'host', hostPath: { path: '/var' } },
        { name: 'cfg', configMap: { name: 'x' } },
      ],
    }),
  );
  assert.deepEqual(errors, []);
  const security = warnings.filter((w) => w.message.startsWith('fails Pod Security'));
  assert.deepEqual(
    security.map((w) => w.path),
    ['spec.sideContainersSpec[0]', 'spec.sideContainersSpec[2]', 'spec.volumes[0]'],
  );
  assert.match(security[0]!.message, /allowPrivilegeEscalation is not false; capabilities.drop does not include 'ALL'/);
  assert.match(security[1]!.message, /privileged.*runAsUser: 0/);
  assert.match(security[2]!.message, /hostPath/);
});

test('the checker knows the rules it enforces', () => {
  assert.deepEqual(
    containerViolations({
      name: 'x',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    }),
    [],
  );
  assert.deepEqual(
    containerViolations({
      name: 'x',
      ports: [{ containerPort: 80, hostPort: 80 }],
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'Unconfined' },
      },
    }),
    ['seccompProfile Unconfined', 'hostPort'],
  );
  assert.deepEqual(podViolations({ containers: [] }), [
    'pod runAsNonRoot is not true',
    'pod seccompProfile is not RuntimeDefault',
  ]);
});
