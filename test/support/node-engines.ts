/**
 * package.json's `engines.node`, read the one way our pins are checked against it (the runner
 * image's Node, the package test's Node versions).
 */
import { readFileSync } from 'node:fs';

/** The x.y.z of `engines.node`, a ">=x.y[.z]" range (missing parts are 0); throws on any other form. */
export function enginesNodeMinimum(): string {
  const engines = (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } }
  ).engines.node;
  const minimum = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(engines)?.[1];
  if (!minimum) throw new Error(`engines.node is a ">=x.y.z" range (no other form is read here): ${engines}`);
  const [major, minor = '0', patch = '0'] = minimum.split('.');
  return `${major}.${minor}.${patch}`;
}

/** Negative, zero or positive as version `a` is older than, the same as, or newer than `b` (x.y.z). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  return x!.map((n, i) => n - (y![i] ?? 0)).find((d) => d !== 0) ?? 0;
}
