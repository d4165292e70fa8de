import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { RIGGER_POD_SECURITY, restrictedContainerSecurity } from '../lib/pod-security.js';
import { RIGGER_POD, mergeAdditionalPodSpec } from '../lib/pod-spec-merge.js';
import { objectMeta, resourcesToApi, sharedPodSettings, type ClusterContext } from '../lib/cluster-context.js';
import { containerTimezone, timezoneVolumes } from '../lib/node-pod-options.js';
import {
  CONTAINER_SERVICES_RIGGER,
  ROLE_LABEL,
  ROLE_SERVICES_RIGGER,
  servicesRiggerSelectorLabels,
} from '../lib/names.js';
import { kubeObject } from './kube-object.js';

export interface ServicesRiggerProps {
  readonly cluster: ClusterContext;
}

/**
 * `<rec>-services-rigger`, the Services Manager: creates a Service for each database and tags the
 * master node pod. One replica with `Recreate`, so two riggers never edit the same Services.
 */
export class ServicesRigger extends Construct {
  public readonly deployment: ApiObject;

  constructor(scope: Construct, id: string, props: ServicesRiggerProps) {
    super(scope, id);
    const { cluster } = props;
    const rigger = cluster.spec.servicesRiggerSpec;
    const annotations = { ...cluster.spec.podAnnotations, ...rigger.podAnnotations };
    const timezone = containerTimezone(cluster);
    const volumes = timezoneVolumes(cluster);
    const env = [
      { name: 'CLUSTER_NAME', value: cluster.name },
      { name: 'DATABASE_SERVICE_TYPE', value: rigger.databaseServiceType },
      { name: 'SERVICE_NAMING', value: rigger.serviceNaming },
      ...(rigger.databaseServicePortPolicy
        ? [{ name: 'DATABASE_SERVICE_PORT_POLICY', value: rigger.databaseServicePortPolicy }]
        : []),
      ...timezone.env,
      ...(rigger.extraEnvVars ?? []),
    ];
    this.deployment = kubeObject(this, 'Resource', 'Deployment', {
      metadata: objectMeta(cluster, cluster.names.servicesRigger, { labels: { [ROLE_LABEL]: ROLE_SERVICES_RIGGER } }),
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: servicesRiggerSelectorLabels(cluster.name) },
        template: {
          metadata: {
            labels: { ...cluster.labels, [ROLE_LABEL]: ROLE_SERVICES_RIGGER },
            ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
          },
          spec: mergeAdditionalPodSpec(
            {
              ...sharedPodSettings(cluster),
              securityContext: { ...RIGGER_POD_SECURITY },
              containers: [
                {
                  name: CONTAINER_SERVICES_RIGGER,
                  ...cluster.images.servicesRigger,
                  resources: resourcesToApi(cluster.spec.redisEnterpriseServicesRiggerResources),
                  env,
                  ...(timezone.volumeMounts.length > 0 ? { volumeMounts: timezone.volumeMounts } : {}),
                  securityContext: restrictedContainerSecurity(),
                },
              ],
              ...(volumes.length > 0 ? { volumes } : {}),
            },
            rigger.servicesRiggerAdditionalPodSpecAttributes,
            RIGGER_POD,
          ),
        },
      },
    });
  }
}
