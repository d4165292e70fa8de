/**
 * The runner in this process, as `rec-cdk8s run --namespace <ns>` would build it (no leader
 * election: no Lease renewals to subtract), with a RequestCounter on its client so every request
 * it makes is counted exactly, and its logs (info level, as in production) going to a file so
 * their cost is paid but they stay out of the table.
 */
import { join } from 'node:path';
import { pino } from 'pino';
import type { KubeConfig } from '@kubernetes/client-node';
import { Runner } from '../lib/runner/runner.js';
import { RequestCounter, createLogger } from '../lib/controller/index.js';

export interface RunnerSession {
  readonly runner: Runner;
  readonly counter: RequestCounter;
  readonly logFile: string;
  /** Reconciles finished so far (the controller's own counter). */
  reconciles(): Promise<number>;
  /** Keys queued or being reconciled right now (work queue depth plus active workers). */
  pending(): Promise<number>;
  /** One full resync now, as the resync timer does (every REC key queued once). */
  resync(): void;
  stop(): Promise<void>;
}

export async function startRunner(kubeConfig: KubeConfig, namespace: string, logDir: string): Promise<RunnerSession> {
  const logFile = join(logDir, `runner-${namespace}.log`);
  const destination = pino.destination({ dest: logFile, sync: false, mkdir: true });
  const logger = createLogger({
    name: 'rec-cdk8s-runner',
    level: process.env.BENCH_RUNNER_LOG_LEVEL ?? 'info',
    destination,
  });
  const runner = new Runner({
    kubeConfig,
    namespaces: [namespace],
    leaderElect: false,
    healthPort: 0,
    metricsPort: 0,
    logger,
  });
  // Counted when sent: at the moment of convergence the answers to the last requests (the status
  // write that converged it, among them) may not have arrived yet, and they are part of the work.
  const counter = new RequestCounter(runner.client, { count: 'sent' });
  await runner.start();
  const sum = async (name: string) => {
    const value = await runner.registry.getSingleMetric(name)?.get();
    return (value?.values ?? []).reduce((total, v) => total + v.value, 0);
  };
  return {
    runner,
    counter,
    logFile,
    async reconciles() {
      return sum('controller_runtime_reconcile_total');
    },
    async pending() {
      return (await sum('workqueue_depth')) + (await sum('controller_runtime_active_workers'));
    },
    resync() {
      // The controller is private to the Runner; its resync() is exactly what the periodic timer
      // calls. Calling it directly measures one resync without waiting out a 10-minute period.
      (runner as unknown as { controller: { resync(): void } }).controller.resync();
    },
    async stop() {
      await runner.stop();
      destination.flushSync();
      destination.end();
    },
  };
}
