/**
 * Labels given on a command line as `key=value[,key=value...]` (kubectl's form), checked as the
 * API server checks labels, so a typo is refused where it is typed rather than in every object.
 */
import { LABEL_VALUE, isLabelKey } from './names-format.js';

/** What a set of labels must be, for messages. */
export const LABELS_WORDS = 'at least one label, each a valid label key and value';
const LABELS_FLAG_WORDS = `${LABELS_WORDS}, written key=value and separated by commas`;

/** Every key a label key, every value a label value, at least one. */
export function labelsHold(labels: Readonly<Record<string, string>>): boolean {
  const entries = Object.entries(labels);
  return entries.length > 0 && entries.every(([k, v]) => isLabelKey(k) && LABEL_VALUE.test(v));
}

export function parseLabelsFlag(text: string, flag: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let repeated = false;
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at < 0) throw new Error(`${flag}: must be ${LABELS_FLAG_WORDS} (got ${JSON.stringify(text)})`);
    const key = pair.slice(0, at);
    repeated ||= key in labels;
    labels[key] = pair.slice(at + 1);
  }
  if (repeated || !labelsHold(labels))
    throw new Error(`${flag}: must be ${LABELS_FLAG_WORDS} (got ${JSON.stringify(text)})`);
  return labels;
}

/** Labels in the flag's form, the inverse of `parseLabelsFlag`. */
export function labelsFlag(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
