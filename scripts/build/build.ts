/**
 * `npm run build` (and `prepare`, so `npm pack` ships a fresh build):
 *   build/      ESM: everything (constructs, CLI, runner), what the bin and the image run
 *   build/cjs/  CommonJS: the construct entry only, for require() (the stock cdk8s template's
 *               tsc, ts-node and ts-jest), marked `"type": "commonjs"` as the package is ESM:
 *               its declarations from tsc, its code one bundle of the ESM build (bundle-cjs.ts)
 * then the declarations are made zod-free and checked with the template's compiler options.
 * The image builds only build/ (the Dockerfile runs tsc itself: it has no scripts/).
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const step = (args: string[]) => {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
const tsx = ['--import', 'tsx'];

rmSync('build', { recursive: true, force: true });
step([tsc, '-p', 'tsconfig.build.json']);
step([tsc, '-p', 'tsconfig.cjs.json']);
writeFileSync(join('build', 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
step([...tsx, join('scripts', 'build', 'bundle-cjs.ts')]);
step([...tsx, join('scripts', 'build', 'plain-declarations.ts')]);
step([...tsx, join('scripts', 'build', 'check-declarations.ts')]);
