// npm run --silent image [-- --tag REF]
// Builds the runner image with podman from the Dockerfile and a local base image (no registry).
// Progress goes to stderr; the last line on stdout is the image's reference.
import { parseArgs } from 'node:util';
import { engineMissing } from './engine.js';
import { buildRunnerImage } from './runner-image.js';

const HELP = `Usage: npm run --silent image [-- --tag REF]

Builds the reconcile runner's image from the Dockerfile with podman, FROM a base
image made here (Debian root filesystem + Node from the npm registry,
see scripts/image/versions.json), without any container registry. Prints the
image reference as the last line on stdout.

Options:
  --tag REF   the tag to give it (default: the install's default image,
              ghcr.io/rec-cdk8s/rec-cdk8s-runner:<version>)

Needs podman, runc and mmdebstrap (apt-get install podman runc mmdebstrap);
the engine settings are in scripts/image/containers.conf.
`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { tag: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const missing = engineMissing();
  if (missing) {
    process.stderr.write(`[image] ${missing}\n`);
    return 1;
  }
  const started = Date.now();
  const image = await buildRunnerImage({
    ...(values.tag ? { tag: values.tag } : {}),
    log: (text) => process.stderr.write(text),
  });
  process.stderr.write(
    `[image] built ${image.ref} (${image.id.slice(0, 19)}) in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
  process.stdout.write(`${image.ref}\n`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`[image] ${(error as Error).message}\n`);
  process.exitCode = 1;
}
