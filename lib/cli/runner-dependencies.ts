/**
 * The runner's own dependencies are optional peer dependencies of the package: a cdk8s app that
 * only synthesizes never installs them (they are most of the install's size). `rec-cdk8s run` and
 * `ensure-password` load them on demand; when one is missing, say which packages to install
 * instead of printing a module resolution stack. The image installs them (see the Dockerfile).
 */

/** The same names and ranges as package.json `peerDependencies`; a unit test compares them. */
export const RUNNER_DEPENDENCIES: Readonly<Record<string, string>> = {
  '@kubernetes/client-node': '~1.4.0',
  pino: '^10.4.0',
  'prom-client': '^15.1.3',
};

/** The runner dependency a module-not-found error is about, if it is one of them. */
export function missingRunnerDependency(error: unknown): string | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return undefined;
  const text = typeof message === 'string' ? message : '';
  // Node says "Cannot find package 'pino' imported from ...": match the quoted name exactly.
  return Object.keys(RUNNER_DEPENDENCIES).find((name) => text.includes(`'${name}'`));
}

/** One message naming every runner dependency (installing only the missing one would fail next on another). */
export function installHint(command: string, missing: string): string {
  const specs = Object.entries(RUNNER_DEPENDENCIES)
    .map(([name, range]) => `${name}@'${range}'`)
    .join(' ');
  return `rec-cdk8s ${command}: needs the runner's dependencies, which are optional for construct users (${missing} is not installed): npm install ${specs}`;
}

/** Run a command that needs the runner's dependencies; exit 2 with the install hint when one is missing. */
export async function withRunnerDependencies(
  command: string,
  run: () => Promise<number>,
  err: (text: string) => void,
): Promise<number> {
  try {
    return await run();
  } catch (error) {
    const missing = missingRunnerDependency(error);
    if (!missing) throw error;
    err(installHint(command, missing));
    return 2;
  }
}
