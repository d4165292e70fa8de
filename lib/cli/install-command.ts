/** `rec-cdk8s install`: the runner's install manifests as multi-document YAML. */
import { installManifests } from '../runner-install/install-manifests.js';
import { toYamlDocuments, type Output } from './commands.js';
import { ingressMethodsFromFlags, type IngressMethodFlags } from '../ingress-kinds.js';
import { parseLabelsFlag } from '../label-flag.js';

export interface InstallCommandOptions extends IngressMethodFlags {
  runnerNamespace: string;
  namespace?: string[];
  allNamespaces?: boolean;
  image?: string;
  istioGatewaySelector?: string;
  /** Grant CronJobs: the runner manages the usage meter's call home CronJob. */
  usageMeter?: boolean;
  /** Grant pod watch and delete: the runner acts on podStartingPolicy. */
  podStartingPolicy?: boolean;
}

export function installCommand(options: InstallCommandOptions, io: Output): number {
  if (options.allNamespaces && options.namespace?.length) {
    io.err('--all-namespaces and --namespace are exclusive: watch every namespace, or the ones you name');
    return 2;
  }
  const objects = installManifests({
    namespace: options.runnerNamespace,
    watchNamespaces: options.allNamespaces
      ? 'all'
      : options.namespace?.length
        ? options.namespace
        : [options.runnerNamespace],
    ...(options.image ? { image: options.image } : {}),
    ...Object.fromEntries(ingressMethodsFromFlags(options).map((method) => [method, true])),
    ...(options.istioGatewaySelector
      ? { istioGatewaySelector: parseLabelsFlag(options.istioGatewaySelector, '--istio-gateway-selector') }
      : {}),
    ...(options.usageMeter ? { usageMeter: true } : {}),
    ...(options.podStartingPolicy ? { podStartingPolicy: true } : {}),
  });
  io.out(toYamlDocuments(objects).trimEnd());
  return 0;
}
