/**
 * `rec-cdk8s`: validate REC manifests, render what they produce, print the CRD.
 */
import { Command, CommanderError } from 'commander';
import { crdCommand, renderCommand, validateCommand, type Output } from './commands.js';
import { InputError } from './read-manifests.js';

const stdio: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Output = stdio): Promise<number> {
  let code = 0;
  const program = new Command('rec-cdk8s')
    .description('Redis Enterprise clusters as code: validate RedisEnterpriseCluster manifests and render the objects they produce.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('validate')
    .description('Check REC manifests: exit 0 when every one is valid, 1 with one line per problem otherwise.')
    .argument('<file...>', 'YAML or JSON files (multi-document allowed); - for stdin')
    .option('--previous <file>', 'the manifest before the edit: also apply the edit rules (no fewer nodes, ...)')
    .action((files: string[], options: { previous?: string }) => {
      code = validateCommand(files, options, io);
    });

  program
    .command('render')
    .description('Print every object a REC manifest produces, as multi-document YAML, in apply order. No cluster needed.')
    .argument('<file>', 'a REC manifest; - for stdin')
    .option('-n, --namespace <namespace>', 'namespace of the objects (default: the manifest\'s own, else none)')
    .action((file: string, options: { namespace?: string }) => {
      code = renderCommand(file, options, io);
    });

  program
    .command('crd')
    .description('Print the RedisEnterpriseCluster CustomResourceDefinition.')
    .action(() => {
      code = crdCommand(io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof InputError) {
      io.err(error.message);
      return 2;
    }
    io.err(`rec-cdk8s: ${(error as Error).message}`);
    return 2;
  }
}
