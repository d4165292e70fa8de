/**
 * The runner image, built from the repository's Dockerfile with the local base image as
 * `NODE_IMAGE`: no registry is asked for anything (--pull=never), the RUN steps reach the npm
 * registry through the host's network and npm settings. The engine's layer cache makes a rebuild
 * with unchanged package files a matter of the TypeScript compile.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../control-plane/paths.js';
import { DEFAULT_RUNNER_IMAGE } from '../../constructs/runner-install/defaults.js';
import { ensureBaseImage } from './base-image.js';
import { buildNpmHome } from './build-npm-home.js';
import { mustPodman } from './engine.js';

export interface RunnerImage {
  /** The tag it was given. */
  readonly ref: string;
  /** The image ID: what a test runs, so a concurrent build that moves the tag cannot change it. */
  readonly id: string;
  /** The base image it was built FROM. */
  readonly base: string;
}

export interface BuildOptions {
  /** @default DEFAULT_RUNNER_IMAGE (the tag the install uses), so an install finds it by that name */
  readonly tag?: string;
  /** Progress lines and the engine's output. @default none */
  readonly log?: (text: string) => void;
}

export async function buildRunnerImage(options: BuildOptions = {}): Promise<RunnerImage> {
  const log = options.log ?? (() => {});
  const tag = options.tag ?? DEFAULT_RUNNER_IMAGE;
  const base = await ensureBaseImage((line) => log(`${line}\n`));
  const work = mkdtempSync(join(tmpdir(), 'rec-image-build-'));
  try {
    const iidfile = join(work, 'iid');
    log(`building ${tag} from the Dockerfile, NODE_IMAGE=${base}\n`);
    await mustPodman(
      [
        'build',
        '--pull=never',
        // The RUN steps fetch packages from the npm registry as the host does.
        '--network=host',
        ...buildNpmHome(work),
        '--build-arg',
        `NODE_IMAGE=${base}`,
        '--tag',
        tag,
        '--iidfile',
        iidfile,
        '--file',
        join(repoRoot, 'Dockerfile'),
        repoRoot,
      ],
      { onOutput: log },
    );
    return { ref: tag, id: readFileSync(iidfile, 'utf8').trim(), base };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
