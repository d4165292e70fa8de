/**
 * How a value the user wrote is quoted in a message: whole when short, cut when long, so a
 * 50 MB license or a 200 KiB annotation never comes back whole in a terminal, a status or an
 * event. Values of fields that hold secrets are never quoted at all (their rules give no `got`).
 * Cuts count code points, so a cut never splits a character.
 */

/** Longest text quoted whole; longer text is cut to this many characters and its length said. */
export const SHOWN_MAX = 60;

export function shown(value: unknown): string {
  if (typeof value === 'string') {
    const chars = [...value];
    if (chars.length <= SHOWN_MAX) return JSON.stringify(value);
    return `${JSON.stringify(chars.slice(0, SHOWN_MAX).join(''))}... (${chars.length} characters)`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return 'an object';
}

/** Unquoted text (an object's name in a note, Kubernetes' words in a status) cut the same way. */
export function cutText(text: string, max = SHOWN_MAX): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, max).join('')}... (${chars.length} characters)`;
}
