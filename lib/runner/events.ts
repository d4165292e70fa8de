/**
 * Kubernetes Events on the REC, for `kubectl describe rec` and `kubectl get events`. Reasons are
 * CamelCase; messages name kinds, fields and counts, never a secret value.
 *
 * Repeats are counted the way client-go's event correlator counts them:
 * - an event identical (same REC, type, reason, message) to one recorded within the last
 *   AGGREGATION_WINDOW_MS patches that Event's `count` and `lastTimestamp` instead of adding one;
 *   after a quieter spell it is a new Event;
 * - if that Event is gone (the API server's event TTL, one hour by default, or someone deleted
 *   it), the patch gets 404 and the Event is created again under the same name, with the count so
 *   far, so no later repeat is lost;
 * - what is remembered is bounded (least recently used out), so a long-running runner with many
 *   RECs does not grow without end.
 *
 * Similar events are grouped the way client-go's EventAggregator groups them: events of one REC
 * with the same type and reason but different messages are told one by one until the tenth
 * distinct message within AGGREGATION_WINDOW_MS; from then on (while such messages keep coming
 * within the window of each other) they go to one Event whose message starts with
 * "(combined from similar events): ", and later ones count on it. A REC whose drift is corrected
 * in a hundred ways does not write a hundred Events.
 */
import { randomBytes } from 'node:crypto';
import { KubeApiError, type KubeClient, type KubeObject } from '../kube/client.js';
import { resourceFor } from '../kube/resources.js';
import { EVENT_SOURCE } from './names.js';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  record(rec: KubeObject, type: EventType, reason: string, message: string): Promise<void>;
}

/** client-go's aggregation window (EventCorrelator's maxIntervalInSeconds: 600). */
export const AGGREGATION_WINDOW_MS = 10 * 60_000;
/** client-go's bound on the correlator's caches (maxLruCacheEntries). */
export const MAX_REMEMBERED_EVENTS = 4096;
/** client-go's EventAggregator: distinct messages of one object, type and reason before they are combined (maxEvents). */
export const SIMILAR_EVENTS_BEFORE_COMBINING = 10;
/** client-go's prefix of a combined event's message (EventAggregatorByReasonMessageFunc). */
export const COMBINED_PREFIX = '(combined from similar events): ';

/** The distinct messages of one REC, type and reason seen within the window (client-go's aggregateRecord). */
interface Similar {
  messages: Set<string>;
  /** When the last of them was recorded, ms. */
  last: number;
}

interface Seen {
  name: string;
  count: number;
  first: string;
  /** When it last happened, ms. */
  last: number;
}

export interface EventRecorderOptions {
  readonly onError?: (error: unknown) => void;
  readonly now?: () => Date;
  /** @default MAX_REMEMBERED_EVENTS */
  readonly maxRemembered?: number;
}

export class KubeEventRecorder implements EventRecorder {
  /** Insertion order is recency order: an entry used is moved to the end; the first is the oldest. */
  private readonly recent = new Map<string, Seen>();
  /** Per REC, type and reason; least recently used out, as `recent`. */
  private readonly similar = new Map<string, Similar>();
  /** Per key, the record in flight: two identical events at once must not both create an Event. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly onError: (error: unknown) => void;
  private readonly now: () => Date;
  private readonly maxRemembered: number;

  constructor(
    private readonly client: Pick<KubeClient, 'create' | 'patch'>,
    private readonly host: string,
    options: EventRecorderOptions | ((error: unknown) => void) = {},
  ) {
    const o = typeof options === 'function' ? { onError: options } : options;
    this.onError = o.onError ?? (() => {});
    this.now = o.now ?? (() => new Date());
    this.maxRemembered = o.maxRemembered ?? MAX_REMEMBERED_EVENTS;
  }

  /** How many events are remembered for aggregation (for tests and metrics). */
  get remembered(): number {
    return this.recent.size;
  }

  record(rec: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const group = `${rec.metadata.uid}/${type}/${reason}`;
    const combined = this.tooManySimilar(group, message);
    // A combined event has one key for the whole group: every later one counts on it.
    const key = combined ? `${group}\0combined` : `${group}/${message}`;
    const text = combined ? `${COMBINED_PREFIX}${message}` : message;
    const previous = this.inFlight.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.write(key, rec, type, reason, text));
    this.inFlight.set(key, next);
    void next.finally(() => {
      if (this.inFlight.get(key) === next) this.inFlight.delete(key);
    });
    return next;
  }

  private async write(key: string, rec: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = rec.metadata.namespace ?? 'default';
    const at = this.now();
    const now = at.toISOString();
    const before = this.recent.get(key);
    const seen = before && at.getTime() - before.last <= AGGREGATION_WINDOW_MS ? before : undefined;
    try {
      if (seen) {
        const count = seen.count + 1;
        try {
          await this.client.patch(
            CORE_EVENT,
            namespace,
            seen.name,
            { count, lastTimestamp: now },
            { patchType: 'merge' },
          );
        } catch (error) {
          // Expired or deleted: create it again (client-go does the same), else every later
          // repeat would patch nothing and be lost.
          if (!(error instanceof KubeApiError && error.code === 404)) throw error;
          await this.client.create(
            this.event(rec, namespace, seen.name, type, reason, message, { count, first: seen.first, last: now }),
          );
        }
        this.remember(key, { ...seen, count, last: at.getTime() });
        return;
      }
      const name = `${rec.metadata.name}.${randomBytes(8).toString('hex')}`;
      await this.client.create(
        this.event(rec, namespace, name, type, reason, message, { count: 1, first: now, last: now }),
      );
      this.remember(key, { name, count: 1, first: now, last: at.getTime() });
    } catch (error) {
      // An event that cannot be written must not fail the reconcile.
      this.onError(error);
    }
  }

  /**
   * client-go's EventAggregate: add `message` to the group's distinct messages (starting over when
   * the last one is older than the window); at SIMILAR_EVENTS_BEFORE_COMBINING of them, drop one
   * (so the set stays bounded) and combine.
   */
  private tooManySimilar(group: string, message: string): boolean {
    const now = this.now().getTime();
    const before = this.similar.get(group);
    const record =
      before && now - before.last <= AGGREGATION_WINDOW_MS ? before : { messages: new Set<string>(), last: now };
    record.messages.add(message);
    record.last = now;
    this.similar.delete(group);
    this.similar.set(group, record);
    while (this.similar.size > this.maxRemembered) this.similar.delete(this.similar.keys().next().value as string);
    if (record.messages.size < SIMILAR_EVENTS_BEFORE_COMBINING) return false;
    record.messages.delete(record.messages.values().next().value as string);
    return true;
  }

  private remember(key: string, seen: Seen): void {
    this.recent.delete(key);
    this.recent.set(key, seen);
    while (this.recent.size > this.maxRemembered) this.recent.delete(this.recent.keys().next().value as string);
  }

  private event(
    rec: KubeObject,
    namespace: string,
    name: string,
    type: EventType,
    reason: string,
    message: string,
    times: { count: number; first: string; last: string },
  ): KubeObject {
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: rec.apiVersion,
        kind: rec.kind,
        name: rec.metadata.name,
        namespace,
        uid: rec.metadata.uid,
      },
      reason,
      message: message.slice(0, 1024),
      type,
      source: { component: EVENT_SOURCE, host: this.host },
      reportingComponent: EVENT_SOURCE,
      reportingInstance: this.host,
      firstTimestamp: times.first,
      lastTimestamp: times.last,
      count: times.count,
    };
  }
}

/** core/v1 Events: what `kubectl describe` reads, with counts. */
const CORE_EVENT = resourceFor('v1', 'Event');
