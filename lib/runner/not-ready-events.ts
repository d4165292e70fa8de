/**
 * An event on the REC each time the reason it is not ready changes (readiness-reason.ts), once per
 * reason: a stuck cluster whose pods, claims and events churn (the controllers retry) is woken
 * again and again, and must not repeat itself. What was told is remembered per REC, because the
 * cached REC may not show our own status write yet; after a restart, the Ready condition the REC
 * carries says what was told.
 */
import type { KubeObject } from '../kube/client.js';
import type { EventRecorder } from './events.js';
import type { NotReadyReason } from './readiness-reason.js';
import type { Condition } from './status.js';

export class NotReadyEvents {
  /** Per REC uid: the reason last told, as `code: message`. */
  private readonly told = new Map<string, string>();

  constructor(private readonly events: EventRecorder) {}

  /** `reason`: why it is not ready now (none when it is, or Kubernetes says nothing); `ready`: its Ready condition before. */
  async tell(rec: KubeObject, reason: NotReadyReason | undefined, ready: Condition | undefined): Promise<void> {
    const uid = rec.metadata.uid ?? rec.metadata.name;
    if (!reason) {
      this.told.delete(uid);
      return;
    }
    const line = `${reason.code}: ${reason.message}`;
    const shown = ready?.reason === reason.code && ready.message.endsWith(`: ${reason.message}`);
    if ((this.told.get(uid) ?? (shown ? line : undefined)) === line) return;
    this.told.set(uid, line);
    await this.events.record(rec, reason.warning ? 'Warning' : 'Normal', reason.code, reason.message);
  }

  forget(uid: string): void {
    this.told.delete(uid);
  }
}
