/**
 * The runner under API Priority and Fairness throttling: a FlowSchema puts every request of the
 * runner's ServiceAccount into a priority level with one concurrency share that rejects what does
 * not fit, so the API server answers part of a burst with 429 and Retry-After. The runner waits as
 * asked and sends again (lib/kube/client.ts): the RECs still converge, with no failed apply.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../lib/kube/client.js';
import { RESOURCE, resourceFor } from '../../lib/kube/resources.js';
import { runnerNamespaceForFile } from './helpers/runner-namespace.js';
import { waitFor, type Cluster } from './helpers/rec-cluster.js';
import type { RunnerProcess } from './helpers/runner-process.js';

let cluster: Cluster;
let ns: string;
let runner: RunnerProcess;
const FM = 'rec-cdk8s-tests';
const PRIORITY_LEVEL = resourceFor('flowcontrol.apiserver.k8s.io/v1', 'PriorityLevelConfiguration');
const FLOW_SCHEMA = resourceFor('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema');
type Any = KubeObject & { status?: any };

runnerNamespaceForFile('rec-apf', {
  // Unlimited on the client side, so the burst reaches the server and APF is what limits it.
  runnerArgs: ['--kube-api-qps', '0', '--workers', '8'],
  made: (made) => ({ cluster, ns } = made),
  prepare: async () => {
    await cluster.client.apply(
      {
        apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
        kind: 'PriorityLevelConfiguration',
        metadata: { name: ns },
        spec: {
          type: 'Limited',
          limited: {
            nominalConcurrencyShares: 1,
            lendablePercent: 0,
            borrowingLimitPercent: 0,
            limitResponse: { type: 'Reject' },
          },
        },
      },
      { fieldManager: FM },
    );
    await cluster.client.apply(
      {
        apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
        kind: 'FlowSchema',
        metadata: { name: ns },
        spec: {
          // Before every built-in schema but the exempt ones, so nothing of the runner escapes it.
          matchingPrecedence: 100,
          priorityLevelConfiguration: { name: ns },
          distinguisherMethod: { type: 'ByUser' },
          rules: [
            {
              subjects: [{ kind: 'ServiceAccount', serviceAccount: { name: 'rec-runner', namespace: ns } }],
              resourceRules: [
                { verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true },
              ],
              nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
            },
          ],
        },
      },
      { fieldManager: FM },
    );
  },
  started: (started) => (runner = started),
  cleanUp: async () => {
    await cluster.client.delete(FLOW_SCHEMA, undefined, ns).catch(() => {});
    await cluster.client.delete(PRIORITY_LEVEL, undefined, ns).catch(() => {});
  },
});

test('throttled by APF with 429 and Retry-After, eight new RECs still converge with no failed apply', async () => {
  const names = Array.from({ length: 8 }, (_, i) => `apf-${i}`);
  await Promise.all(
    names.map((name) =>
      cluster.client.apply(
        {
          apiVersion: 'app.redislabs.com/v1',
          kind: 'RedisEnterpriseCluster',
          metadata: { name, namespace: ns },
          spec: { nodes: 3 },
        },
        { fieldManager: FM },
      ),
    ),
  );
  await waitFor(
    'every REC Reconciled',
    async () => {
      for (const name of names) {
        const rec = await cluster.client.get<Any>(RESOURCE.redisEnterpriseCluster, ns, name);
        if (!rec?.status?.conditions?.some((c: any) => c.type === 'Reconciled' && c.status === 'True')) return false;
      }
      return true;
    },
    120_000,
  );
  const throttled = await runner.metric('rest_client_requests_total', { code: '429' });
  assert.ok(throttled > 0, 'the API server throttled the runner (else this test proves nothing)');
  const { items } = await cluster.client.list<Any>(resourceFor('v1', 'Event'), { namespace: ns });
  assert.deepEqual(
    items.filter((e: any) => e.reason === 'ApplyFailed').map((e: any) => e.message),
    [],
    'no apply failed',
  );
  console.log(`# 429 answers: ${throttled}; requests: ${await runner.metric('rest_client_requests_total')}`);
});
