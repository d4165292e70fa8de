/** `rec-cdk8s install`: the runner's install manifests as multi-document YAML. */
import { installManifests } from '../runner-install/install-manifests.js';
import { toYamlDocuments, type Output } from './commands.js';

export function installCommand(
  options: {
    runnerNamespace: string;
    namespace?: string[];
    allNamespaces?: boolean;
    image?: string;
    usageMeter?: boolean;
    podStartingPolicy?: boolean;
  },
  io: Output,
): number {
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
    ...(options.usageMeter ? { usageMeter: true } : {}),
    ...(options.podStartingPolicy ? { podStartingPolicy: true } : {}),
  });
  io.out(toYamlDocuments(objects).trimEnd());
  return 0;
}
