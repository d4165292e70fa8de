/**
 * The CLI as the unit tests run it: `main` in this process with its output captured, and input
 * files written to a temporary folder of the test file's own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../lib/cli/main.js';

/** `rec-cdk8s <argv>`: its exit code and what it wrote to stdout and stderr, lines joined. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * A fresh temporary folder `<prefix>XXXXXX`: `file` writes a file there and returns its path,
 * `pathOf` names one there without writing it (a file that is missing on purpose).
 */
export function inputFiles(prefix: string): {
  file: (name: string, content: string | Buffer) => string;
  pathOf: (name: string) => string;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const pathOf = (name: string) => join(dir, name);
  return {
    pathOf,
    file: (name, content) => {
      writeFileSync(pathOf(name), content);
      return pathOf(name);
    },
  };
}
