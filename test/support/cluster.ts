// Helpers for integration tests against the real control plane that
// scripts/run-tests.ts starts (or a cluster given by REC_TEST_KUBECONFIG).
//
// Tests share one cluster: each works in its own namespace (withNamespace)
// and cleans up after itself, so the suite also runs against a cluster that
// is not ours.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  StorageV1Api,
} from '@kubernetes/client-node';
import { KubeClient } from '../../lib/kube/client.js';
import { isNotFound } from '../../scripts/control-plane/k8s.js';
import { KWOK_NODE_ANNOTATION } from '../../scripts/control-plane/nodes.js';
import { PROVISIONER_NAME, STORAGE_CLASS } from '../../scripts/control-plane/storage.js';
import { binaryPath } from '../../scripts/control-plane/versions.js';

export { ZONE_LABEL, ZONES, KWOK_NODE_ANNOTATION } from '../../scripts/control-plane/nodes.js';
export { STORAGE_CLASS, PROVISIONER_NAME } from '../../scripts/control-plane/storage.js';
export { isNotFound, isConflict, statusCode } from '../../scripts/control-plane/k8s.js';

/** Label selector matching the fake nodes that `control-plane up` creates. */
export const FAKE_NODE_SELECTOR = 'type=kwok';
/** Every namespace made by withNamespace carries this label (find leftovers with it). */
export const TEST_NAMESPACE_LABEL = 'rec-cdk8s.test/namespace';

/** Path of the kubeconfig the tests must use. */
export function testKubeconfigPath(): string {
  const path = process.env.REC_TEST_KUBECONFIG || process.env.KUBECONFIG;
  if (!path) {
    throw new Error(
      'No test cluster: neither REC_TEST_KUBECONFIG nor KUBECONFIG is set. Run integration tests with ' +
        '`npm test` (it starts a control plane), or start one with `npm run --silent control-plane -- up` ' +
        'and export REC_TEST_KUBECONFIG=<the path it prints>.',
    );
  }
  if (!existsSync(path)) throw new Error(`test kubeconfig ${path} does not exist (is the control plane down?)`);
  return path;
}

/** A KubeConfig loaded from REC_TEST_KUBECONFIG (or KUBECONFIG). Throws a clear error when there is none. */
export function testKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(testKubeconfigPath());
  return kc;
}

/** Typed clients for the usual API groups, plus the generic object API. */
export function apiClients(kc: KubeConfig = testKubeConfig()) {
  return {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    storage: kc.makeApiClient(StorageV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    objects: KubernetesObjectApi.makeApiClient(kc),
  };
}

/**
 * True when the cluster is the one `control-plane up` makes (kwok nodes and
 * the test provisioner's StorageClass), false for any other cluster given by
 * REC_TEST_KUBECONFIG: tests of the control plane itself skip on those.
 */
export async function isTestControlPlane(kc: KubeConfig = testKubeConfig()): Promise<boolean> {
  const { core, storage } = apiClients(kc);
  const nodes = await core.listNode({ labelSelector: FAKE_NODE_SELECTOR });
  if (!nodes.items.some((n) => n.metadata?.annotations?.[KWOK_NODE_ANNOTATION] === 'fake')) return false;
  try {
    return (await storage.readStorageClass({ name: STORAGE_CLASS })).provisioner === PROVISIONER_NAME;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** The kubectl built with the control plane (same version as the apiserver). */
export function kubectlPath(): string {
  const fromEnv = process.env.REC_CONTROL_PLANE_BIN;
  const path = fromEnv ? join(fromEnv, 'kubectl') : binaryPath('kubectl');
  if (!existsSync(path)) {
    throw new Error(`kubectl not found at ${path}; build it with \`npm run --silent control-plane -- build\``);
  }
  return path;
}

/** Runs kubectl against the test cluster and returns stdout; throws with stderr on failure. */
export function kubectl(args: string[], opts: { input?: string; timeoutMs?: number } = {}): string {
  try {
    return execFileSync(kubectlPath(), ['--kubeconfig', testKubeconfigPath(), ...args], {
      input: opts.input,
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 60_000,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`kubectl ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** `${prefix}-<random>`, a valid DNS label (max 63 chars). */
export function uniqueName(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'test';
  return `${clean}-${randomBytes(4).toString('hex')}`;
}

export interface WaitForOptions<T> {
  /** What we wait for, for the failure message ("pods of sts/web Ready"). */
  description: string;
  /** Default 60 s. */
  timeoutMs?: number;
  /** Default 250 ms. */
  intervalMs?: number;
  /** Done when this returns true for the observed value. Default: the value is truthy. */
  until?: (value: T) => boolean;
}

export class WaitForTimeout extends Error {
  constructor(
    message: string,
    readonly lastValue: unknown,
    readonly lastError: unknown,
  ) {
    super(message);
    this.name = 'WaitForTimeout';
  }
}

/**
 * Calls observe() every intervalMs until `until(value)` (default: truthy) and
 * returns that value. Errors thrown by observe() count as "not yet". On
 * timeout, throws WaitForTimeout whose message shows the last observed value
 * (or the last error), which is usually what explains the failure.
 */
export async function waitFor<T>(observe: () => T | Promise<T>, opts: WaitForOptions<T>): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const intervalMs = opts.intervalMs ?? 250;
  const done = opts.until ?? ((v: T) => Boolean(v));
  const started = Date.now();
  let attempts = 0;
  let last: { value?: T; error?: unknown; observed: boolean } = { observed: false };
  for (;;) {
    attempts++;
    try {
      const value = await observe();
      last = { value, observed: true };
      if (done(value)) return value;
    } catch (error) {
      last = { error, observed: false };
    }
    const remaining = started + timeoutMs - Date.now();
    if (remaining <= 0) {
      const seen = last.observed
        ? `last observed value: ${inspect(last.value, { depth: 6, breakLength: 120 })}`
        : `last attempt threw: ${(last.error as Error)?.message ?? inspect(last.error)}`;
      throw new WaitForTimeout(
        `timed out after ${(timeoutMs / 1000).toFixed(1)}s (${attempts} attempts) waiting for ${opts.description}; ${seen}`,
        last.value,
        last.error,
      );
    }
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, remaining)));
  }
}

/** Anything with node:test's `t.after(fn)` (a TestContext). */
export interface AfterHook {
  after(fn: () => unknown): unknown;
}

export interface NamespaceOptions {
  kc?: KubeConfig;
  /** Wait for the `default` ServiceAccount, without which pods are rejected. Default true. */
  waitForServiceAccount?: boolean;
  /** Keep the namespace after the test (debugging); also REC_TEST_KEEP_NAMESPACES=1. */
  keep?: boolean;
}

/** Creates a uniquely named namespace; returns its name and a function deleting it. */
export async function createNamespace(
  prefix: string,
  opts: NamespaceOptions = {},
): Promise<{ name: string; remove: () => Promise<void> }> {
  const { core } = apiClients(opts.kc);
  const name = uniqueName(prefix);
  await core.createNamespace({ body: { metadata: { name, labels: { [TEST_NAMESPACE_LABEL]: 'true' } } } });
  if (opts.waitForServiceAccount ?? true) {
    await waitFor(() => core.readNamespacedServiceAccount({ name: 'default', namespace: name }), {
      description: `ServiceAccount default in namespace ${name}`,
      timeoutMs: 30_000,
    });
  }
  const remove = async (): Promise<void> => {
    if (opts.keep || process.env.REC_TEST_KEEP_NAMESPACES === '1') return;
    try {
      // Background: objects inside go with it; no need to block the test on it.
      await core.deleteNamespace({ name, propagationPolicy: 'Background' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };
  return { name, remove };
}

/**
 * Creates a uniquely named namespace for this test and deletes it when the
 * test ends (t.after), pass or fail. Returns the namespace name.
 */
export async function withNamespace(t: AfterHook, prefix: string, opts: NamespaceOptions = {}): Promise<string> {
  const ns = await createNamespace(prefix, opts);
  t.after(ns.remove);
  return ns.name;
}

/** A KubeClient of the test cluster, closed when the test ends (t.after). */
export function testClient(t: AfterHook): KubeClient {
  const client = KubeClient.fromKubeConfig(testKubeConfig());
  t.after(() => client.close());
  return client;
}
