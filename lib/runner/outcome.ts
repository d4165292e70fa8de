/**
 * What one reconcile did to a REC's objects, and the events that tell it: for people reading
 * `kubectl describe rec`, never for deciding anything.
 */
import type { EventType } from './events.js';

/** What the apply and prune steps did; each entry names an object as `Kind name`. */
export interface Outcome {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  /** Restored after a change made outside the spec, with what had changed: `Service x (deleted)`. */
  readonly drifted: readonly string[];
  readonly pruned: readonly string[];
  /** A field the spec changes that the StatefulSet cannot change in place; it was left as it is. */
  readonly blocked?: { readonly field: string };
}

/** An event to record on the REC. */
export interface Told {
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
}

export const normal = (reason: string, message: string): Told => ({ type: 'Normal', reason, message });
export const warning = (reason: string, message: string): Told => ({ type: 'Warning', reason, message });

/**
 * The events that tell an outcome, in the order they are recorded. `passwordNote` (a password was
 * generated) and `firstState` (a new REC's first state) go into the Created event when there is
 * one: the same words, one request less per new REC.
 */
export function outcomeEvents(
  outcome: Outcome,
  passwordNote?: string,
  firstState?: { readonly state: string; readonly message: string },
): Told[] {
  const told: Told[] = [];
  if (outcome.created.length > 0) {
    const notes = [
      `created ${outcome.created.join(', ')}`,
      ...(passwordNote ? [passwordNote] : []),
      ...(firstState ? [`state ${firstState.state}: ${firstState.message}`] : []),
    ];
    told.push(normal('Created', notes.join('; ')));
  } else if (passwordNote) told.push(normal('PasswordCreated', passwordNote));
  if (outcome.updated.length > 0) told.push(normal('Updated', `updated ${outcome.updated.join(', ')}`));
  if (outcome.drifted.length > 0)
    told.push(warning('DriftCorrected', `restored what was changed outside the spec: ${outcome.drifted.join(', ')}`));
  if (outcome.pruned.length > 0)
    told.push(normal('Pruned', `deleted what the spec no longer asks for: ${outcome.pruned.join(', ')}`));
  if (outcome.blocked)
    told.push(
      warning(
        'ImmutableFieldChange',
        `${outcome.blocked.field} cannot change on an existing StatefulSet; the StatefulSet was left as it is`,
      ),
    );
  return told;
}
