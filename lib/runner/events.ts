/**
 * Kubernetes Events on the REC, for `kubectl describe rec` and `kubectl get events`. Reasons are
 * CamelCase; messages name kinds, fields and counts, never a secret value. A repeat of the same
 * reason and message within a short window updates the count instead of adding an Event.
 */
import { randomBytes } from 'node:crypto';
import type { KubeClient } from '../kube/client.js';
import { resourceFor } from '../kube/resources.js';
import type { ClusterManifest } from '../spec/manifest.js';
import { EVENT_SOURCE } from './constants.js';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  record(rec: ClusterManifest, type: EventType, reason: string, message: string): Promise<void>;
}

export class KubeEventRecorder implements EventRecorder {
  private readonly recent = new Map<string, { name: string; count: number; first: string }>();

  constructor(
    private readonly client: KubeClient,
    private readonly host: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  async record(rec: ClusterManifest, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = rec.metadata.namespace ?? 'default';
    const key = `${rec.metadata.uid}/${reason}/${message}`;
    const now = new Date().toISOString();
    const seen = this.recent.get(key);
    try {
      if (seen) {
        seen.count += 1;
        await this.client.patch(CORE_EVENT, namespace, seen.name, { count: seen.count, lastTimestamp: now }, { patchType: 'merge' });
        return;
      }
      const name = `${rec.metadata.name}.${randomBytes(8).toString('hex')}`;
      await this.client.create({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: { apiVersion: rec.apiVersion, kind: rec.kind, name: rec.metadata.name, namespace, uid: rec.metadata.uid },
        reason,
        message: message.slice(0, 1024),
        type,
        source: { component: EVENT_SOURCE, host: this.host },
        reportingComponent: EVENT_SOURCE,
        reportingInstance: this.host,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      });
      this.recent.set(key, { name, count: 1, first: now });
      if (this.recent.size > 1000) this.recent.delete(this.recent.keys().next().value as string);
    } catch (error) {
      // An event that cannot be written must not fail the reconcile.
      this.onError(error);
    }
  }
}

/** core/v1 Events: what `kubectl describe` reads, with counts. */
const CORE_EVENT = resourceFor('v1', 'Event');
