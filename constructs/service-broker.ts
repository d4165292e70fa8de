import { Construct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import { RESTRICTED_POD_SECURITY, restrictedContainerSecurity } from '../lib/pod-security.js';
import { objectMeta, resourcesToApi, sharedPodSettings, type ClusterContext } from '../lib/cluster-context.js';
import {
  CONTAINER_SERVICE_BROKER,
  PORTS,
  ROLE_LABEL,
  ROLE_SERVICE_BROKER,
  RUN_AS_ID,
  serviceBrokerSelectorLabels,
} from '../lib/names.js';
import { DEFAULT_BROKER_VOLUME_SIZE, DEFAULT_RESOURCES } from '../lib/spec/schema.js';
import { serviceObject } from './service-object.js';
import { kubeObject } from './kube-object.js';

export interface ServiceBrokerProps {
  readonly cluster: ClusterContext;
}

const STATE_VOLUME = 'broker-state';
const STATE_MOUNT_PATH = '/opt/persistent';

/**
 * The optional Open Service Broker (`serviceBrokerSpec.enabled`): a Deployment, its Service and a
 * PVC for its state, all named `<rec>-service-broker`. The PVC is data: the runner never prunes it.
 */
export class ServiceBroker extends Construct {
  public readonly deployment: ApiObject;
  public readonly service: ApiObject;
  public readonly persistentVolumeClaim: ApiObject;

  constructor(scope: Construct, id: string, props: ServiceBrokerProps) {
    super(scope, id);
    const { cluster } = props;
    const broker = cluster.spec.serviceBrokerSpec ?? { enabled: true };
    const name = cluster.names.serviceBroker;
    const labels = { [ROLE_LABEL]: ROLE_SERVICE_BROKER };
    const storageClassName = broker.persistentSpec?.storageClassName;

    this.persistentVolumeClaim = kubeObject(this, 'Claim', 'PersistentVolumeClaim', {
      metadata: objectMeta(cluster, name, { labels }),
      spec: {
        accessModes: ['ReadWriteOnce'],
        ...(storageClassName ? { storageClassName } : {}),
        resources: { requests: { storage: String(broker.persistentSpec?.volumeSize ?? DEFAULT_BROKER_VOLUME_SIZE) } },
      },
    });

    const defaultResources = {
      requests: { ...DEFAULT_RESOURCES.serviceBroker },
      limits: { ...DEFAULT_RESOURCES.serviceBroker },
    };
    this.deployment = kubeObject(this, 'Deployment', 'Deployment', {
      metadata: objectMeta(cluster, name, { labels }),
      spec: {
        replicas: 1,
        // One writer of the state volume (ReadWriteOnce) at a time.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: serviceBrokerSelectorLabels(cluster.name) },
        template: {
          metadata: { labels: { ...cluster.labels, ...labels } },
          spec: {
            ...sharedPodSettings(cluster),
            securityContext: {
              runAsUser: RUN_AS_ID,
              runAsGroup: RUN_AS_ID,
              fsGroup: RUN_AS_ID,
              ...RESTRICTED_POD_SECURITY,
            },
            containers: [
              {
                name: CONTAINER_SERVICE_BROKER,
                ...cluster.images.serviceBroker,
                ports: [{ name: 'broker', containerPort: PORTS.serviceBroker }],
                resources: resourcesToApi(broker.resources ?? defaultResources),
                volumeMounts: [{ name: STATE_VOLUME, mountPath: STATE_MOUNT_PATH }],
                securityContext: restrictedContainerSecurity(),
              },
            ],
            volumes: [{ name: STATE_VOLUME, persistentVolumeClaim: { claimName: name } }],
          },
        },
      },
    });

    this.service = serviceObject(this, 'Service', cluster, {
      name,
      selector: serviceBrokerSelectorLabels(cluster.name),
      ports: [{ name: 'broker', port: PORTS.serviceBroker }],
    });
  }
}
