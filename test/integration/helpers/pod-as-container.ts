/**
 * A Deployment's pod template turned into the `podman run` a kubelet's runtime would amount to,
 * for the one thing kwok cannot do: run the image. Read from the Deployment itself, so the test
 * runs what the install says (command, args, env, user, read-only root, capabilities, limits,
 * volumes, the service account mount); anything here it cannot translate faithfully throws, so a
 * new field in the Deployment fails the test loudly instead of being left out quietly.
 *
 * What differs from a real node, on purpose: the host's network (the test's API server and the
 * runner's ports are on 127.0.0.1; so KUBERNETES_SERVICE_HOST/PORT name the API server itself,
 * not the kubernetes Service's ClusterIP), an emptyDir as a tmpfs of the same size limit, and
 * podman's default seccomp profile for RuntimeDefault.
 */
import type { ContainerSpec } from '../../../scripts/image/container.js';
import { quantityValue } from '../../../lib/api/quantity.js';
import { SERVICE_ACCOUNT_MOUNT } from './service-account-volume.js';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { limits?: Record<string, string> };
  securityContext?: {
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    runAsNonRoot?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface PodSpec {
  containers: Container[];
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  securityContext?: {
    runAsUser?: number;
    runAsGroup?: number;
    fsGroup?: number;
    runAsNonRoot?: boolean;
    seccompProfile?: { type: string };
  };
  volumes?: { name: string; emptyDir?: { sizeLimit?: string; medium?: string } }[];
}
export interface DeploymentLike {
  spec: { template: { metadata?: { name?: string }; spec: PodSpec } };
}

export interface PodContext {
  /** What to run (the built image's ID: the Deployment names it by tag). */
  readonly image: string;
  /** The container's name on this machine. */
  readonly containerName: string;
  /** The pod's name and namespace, for the downward API. */
  readonly podName: string;
  readonly namespace: string;
  /** The directory holding token, ca.crt and namespace (service-account-volume.ts). */
  readonly serviceAccountDir: string;
  /** Where the API server listens. */
  readonly apiServer: { readonly host: string; readonly port: string };
}

export interface PodAsContainer {
  readonly spec: ContainerSpec;
  /** The image the Deployment names. */
  readonly declaredImage: string;
  readonly command: readonly string[];
  /** The probes' URLs on 127.0.0.1, their named ports resolved as the kubelet does. */
  readonly liveness: string;
  readonly readiness: string;
  readonly ports: Readonly<Record<string, number>>;
  readonly terminationGraceSeconds: number;
}

const unsupported = (what: string): never => {
  throw new Error(
    `pod-as-container: ${what} is not translated to podman; extend test/integration/helpers/pod-as-container.ts`,
  );
};

function environment(container: Container, context: PodContext): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': context.podName, 'metadata.namespace': context.namespace };
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (variable.valueFrom?.fieldRef)
      env[variable.name] =
        fields[variable.valueFrom.fieldRef.fieldPath] ??
        unsupported(`env ${variable.name} from ${variable.valueFrom.fieldRef.fieldPath}`);
    else unsupported(`env ${variable.name} (valueFrom other than fieldRef)`);
  }
  // The kubelet sets these in every container (with enableServiceLinks: false, only these).
  return { ...env, KUBERNETES_SERVICE_HOST: context.apiServer.host, KUBERNETES_SERVICE_PORT: context.apiServer.port };
}

function identity(pod: PodSpec, container: Container): string[] {
  const user =
    pod.securityContext?.runAsUser ??
    unsupported('a pod without securityContext.runAsUser (the image user would apply)');
  const group = pod.securityContext?.runAsGroup ?? user;
  if ((pod.securityContext?.runAsNonRoot || container.securityContext?.runAsNonRoot) && user === 0)
    unsupported('runAsNonRoot with uid 0 (the kubelet refuses to start it)');
  const seccomp = pod.securityContext?.seccompProfile?.type;
  if (seccomp !== undefined && seccomp !== 'RuntimeDefault') unsupported(`seccompProfile ${seccomp}`);
  // fsGroup: the kubelet adds it to the container's supplementary groups.
  return [
    `--user=${user}:${group}`,
    ...(pod.securityContext?.fsGroup !== undefined ? [`--group-add=${pod.securityContext.fsGroup}`] : []),
  ];
}

function hardening(container: Container): string[] {
  const context = container.securityContext ?? {};
  return [
    // podman's --read-only would also mount tmpfs on /tmp, /var/tmp and /run; a pod gets none.
    ...(context.readOnlyRootFilesystem ? ['--read-only', '--read-only-tmpfs=false'] : []),
    ...(context.allowPrivilegeEscalation === false ? ['--security-opt=no-new-privileges'] : []),
    ...(context.capabilities?.drop ?? []).map((cap) => `--cap-drop=${cap.toLowerCase()}`),
    ...(context.capabilities?.add ?? []).map((cap) => `--cap-add=${cap.toLowerCase()}`),
  ];
}

function limits(container: Container): string[] {
  const { memory, cpu, ...rest } = container.resources?.limits ?? {};
  if (Object.keys(rest).length > 0) unsupported(`limits on ${Object.keys(rest).join(', ')}`);
  return [...(memory ? [`--memory=${quantityValue(memory)}`] : []), ...(cpu ? [`--cpus=${quantityValue(cpu)}`] : [])];
}

function volumes(pod: PodSpec, container: Container, context: PodContext): string[] {
  const mounts = (container.volumeMounts ?? []).map((mount) => {
    const volume =
      pod.volumes?.find((v) => v.name === mount.name) ?? unsupported(`volumeMount ${mount.name} without its volume`);
    if (!volume.emptyDir || volume.emptyDir.medium) unsupported(`volume ${volume.name} (only a disk emptyDir is)`);
    const size = volume.emptyDir?.sizeLimit ? `,tmpfs-size=${quantityValue(volume.emptyDir.sizeLimit)}` : '';
    // An emptyDir is an empty directory, writable by any uid (0777), private to the pod.
    return `--mount=type=tmpfs,destination=${mount.mountPath},tmpfs-mode=1777${size}`;
  });
  const serviceAccount =
    pod.automountServiceAccountToken === false
      ? []
      : [`--volume=${context.serviceAccountDir}:${SERVICE_ACCOUNT_MOUNT}:ro`];
  return [...mounts, ...serviceAccount];
}

function probeUrl(
  container: Container,
  probe: Container['livenessProbe'],
  ports: Record<string, number>,
  which: string,
): string {
  const get = probe?.httpGet ?? unsupported(`a ${which} probe other than httpGet`);
  const port =
    typeof get.port === 'number'
      ? get.port
      : (ports[get.port] ?? unsupported(`${which} probe port ${get.port}, not a port of ${container.name}`));
  return `http://127.0.0.1:${port}${get.path}`;
}

export function podAsContainer(deployment: DeploymentLike, context: PodContext): PodAsContainer {
  const pod = deployment.spec.template.spec;
  if (pod.containers.length !== 1) unsupported(`${pod.containers.length} containers`);
  const container = pod.containers[0]!;
  const command =
    container.command ?? unsupported('a container without command (the test compares it with the image ENTRYPOINT)');
  const ports = Object.fromEntries(
    (container.ports ?? []).map((p) => [p.name ?? String(p.containerPort), p.containerPort]),
  );
  return {
    declaredImage: container.image,
    command,
    ports,
    liveness: probeUrl(container, container.livenessProbe, ports, 'liveness'),
    readiness: probeUrl(container, container.readinessProbe, ports, 'readiness'),
    terminationGraceSeconds: pod.terminationGracePeriodSeconds ?? 30,
    spec: {
      image: context.image,
      name: context.containerName,
      command,
      args: container.args ?? [],
      env: environment(container, context),
      options: [
        ...identity(pod, container),
        ...hardening(container),
        ...limits(container),
        ...volumes(pod, container, context),
      ],
    },
  };
}
