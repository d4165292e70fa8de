import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { RESTRICTED_POD_SECURITY, restrictedContainerSecurity } from '../lib/pod-security.js';
import { objectMeta, resourcesToApi, sharedPodSettings, type ClusterContext } from '../lib/cluster-context.js';
import { CONTAINER_CALL_HOME, PORTS, ROLE_CALL_HOME, ROLE_LABEL, RUN_AS_ID } from '../lib/names.js';

export interface UsageMeterProps {
  /** The cluster whose usage is reported; its `spec.usageMeter.callHomeClient` must be set. */
  readonly cluster: ClusterContext;
}

/** An environment variable, by value or from a key of a Secret. */
type EnvVar =
  | { name: string; value: string }
  | { name: string; valueFrom: { secretKeyRef: { name: string; key: string; optional?: boolean } } };

/** The CronJob as the API takes it (batch/v1), with what this construct sets. */
interface CronJobManifest {
  readonly apiVersion: 'batch/v1';
  readonly kind: 'CronJob';
  readonly metadata: ReturnType<typeof objectMeta>;
  readonly spec: {
    schedule: string;
    timeZone: string;
    concurrencyPolicy: 'Forbid';
    successfulJobsHistoryLimit: number;
    failedJobsHistoryLimit: number;
    jobTemplate: {
      metadata: { labels: Record<string, string> };
      spec: {
        backoffLimit: number;
        template: {
          metadata: { labels: Record<string, string> };
          spec: Record<string, unknown>;
        };
      };
    };
  };
}

const fromSecret = (name: string, secret: string, key: string, optional = false): EnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key, ...(optional ? { optional: true } : {}) } },
});

/**
 * What the call home client is given. The official operator does not publish its client's
 * interface beyond `--interval` and the keys of the Secrets it names; these variable names are
 * this project's, in this one place: the cluster and its REST API, the admin credentials (from the
 * credentials Secret, unless they are in Vault), the proxy (keys proxy-url, proxy-username,
 * proxy-password) and the S3 target (keys access-key, secret-key, session-token, ca-cert).
 */
function callHomeEnv(cluster: ClusterContext): EnvVar[] {
  const client = cluster.spec.usageMeter?.callHomeClient;
  const env: EnvVar[] = [
    { name: 'CLUSTER_NAME', value: cluster.name },
    { name: 'CLUSTER_API_URL', value: `https://${cluster.names.apiService}:${PORTS.restApi}` },
  ];
  if (!cluster.credentials.inVault) {
    env.push(
      fromSecret('CLUSTER_USERNAME', cluster.credentials.secretName, 'username'),
      fromSecret('CLUSTER_PASSWORD', cluster.credentials.secretName, 'password'),
    );
  }
  if (client?.proxySecretName) {
    env.push(
      fromSecret('PROXY_URL', client.proxySecretName, 'proxy-url'),
      fromSecret('PROXY_USERNAME', client.proxySecretName, 'proxy-username', true),
      fromSecret('PROXY_PASSWORD', client.proxySecretName, 'proxy-password', true),
    );
  }
  const s3 = client?.s3Target;
  if (s3?.enabled) {
    const values: [string, string | undefined][] = [
      ['S3_URL', s3.url],
      ['S3_ENDPOINT', s3.endpoint],
      ['S3_BUCKET', s3.bucket],
      ['S3_REGION', s3.region],
      ['S3_PREFIX', s3.prefix],
    ];
    for (const [name, value] of values) if (value) env.push({ name, value });
    if (s3.credentialsSecretName) {
      env.push(
        fromSecret('S3_ACCESS_KEY', s3.credentialsSecretName, 'access-key'),
        fromSecret('S3_SECRET_KEY', s3.credentialsSecretName, 'secret-key'),
        fromSecret('S3_SESSION_TOKEN', s3.credentialsSecretName, 'session-token', true),
        fromSecret('S3_CA_CERT', s3.credentialsSecretName, 'ca-cert', true),
      );
    }
  }
  return env;
}

/**
 * `<rec>-call-home` (lib/names.ts): the usage meter of `spec.usageMeter.callHomeClient`, a
 * CronJob that runs the call home client, which sends the cluster's usage report to Redis.
 * Choices the official operator does not publish:
 * - the schedule is read in UTC (`timeZone: Etc/UTC`), as its doc says ("23:00 UTC daily"),
 *   whatever the zone of the controller manager;
 * - `concurrencyPolicy: Forbid` and one finished Job of each outcome kept: one report at a time;
 * - the pods use no ServiceAccount token: what they need comes as environment variables
 *   (`callHomeEnv`), so they hold no permission of the cluster's Role;
 * - scheduling (nodeSelector, tolerations, priority class, pull secrets) is the cluster's, as the
 *   official doc says of nodeSelector ("all pods managed by the operator: ... Call Home Client").
 */
export class UsageMeter extends Construct {
  public readonly cronJob: ApiObject;

  constructor(scope: Construct, id: string, props: UsageMeterProps) {
    super(scope, id);
    const { cluster } = props;
    const client = cluster.spec.usageMeter?.callHomeClient;
    if (!client) throw new Error('UsageMeter: spec.usageMeter.callHomeClient is not set');
    const role = { [ROLE_LABEL]: ROLE_CALL_HOME };
    const { serviceAccountName: _clusterAccount, ...scheduling } = sharedPodSettings(cluster);
    const manifest: CronJobManifest = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: objectMeta(cluster, cluster.names.callHomeCronJob, { labels: role }),
      spec: {
        schedule: client.cronExpression,
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          metadata: { labels: { ...cluster.labels, ...role } },
          spec: {
            backoffLimit: 3,
            template: {
              metadata: { labels: { ...cluster.labels, ...role } },
              spec: {
                ...scheduling,
                automountServiceAccountToken: false,
                restartPolicy: 'Never',
                securityContext: { runAsUser: RUN_AS_ID, runAsGroup: RUN_AS_ID, ...RESTRICTED_POD_SECURITY },
                containers: [
                  {
                    name: CONTAINER_CALL_HOME,
                    ...cluster.images.callHomeClient,
                    ...(client.interval ? { args: ['--interval', client.interval] } : {}),
                    env: callHomeEnv(cluster),
                    resources: resourcesToApi(client.resources),
                    securityContext: restrictedContainerSecurity(),
                  },
                ],
              },
            },
          },
        },
      },
    };
    this.cronJob = new ApiObject(this, 'Resource', manifest);
  }
}
