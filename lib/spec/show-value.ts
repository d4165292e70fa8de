/**
 * How a message shows a value the user wrote: as JSON, cut to a short prefix when long. A message
 * is one line on a terminal or in a status condition; echoing a 200 KB value back whole buries
 * the point (and copies whatever the value holds into logs).
 */

/** Characters of a value kept in a message; the rest is replaced by an ellipsis and the full length. */
export const SHOWN_CHARACTERS = 60;

/** `text` itself when short, else its first characters, `…`, and how long it was. */
export function cutText(text: string): string {
  // Count and cut by code points, so a cut never splits a surrogate pair.
  const chars = [...text];
  if (chars.length <= SHOWN_CHARACTERS) return text;
  return `${chars.slice(0, SHOWN_CHARACTERS).join('')}… ${chars.length} characters`;
}

/**
 * `value` as messages quote it after `got`: JSON (`"abc"`, `4`, `undefined`), a long string cut as
 * `"aaaa…" 204800 characters`, other long values (objects, lists) as their cut JSON text.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const chars = [...value];
    if (chars.length <= SHOWN_CHARACTERS) return JSON.stringify(value);
    return `${JSON.stringify(chars.slice(0, SHOWN_CHARACTERS).join('')).slice(0, -1)}…" ${chars.length} characters`;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined; // a cycle or a BigInt: say what it is rather than fail the message
  }
  if (json === undefined) return typeof value === 'object' ? 'an object' : String(value);
  const chars = [...json];
  if (chars.length <= SHOWN_CHARACTERS) return json;
  return `${chars.slice(0, SHOWN_CHARACTERS).join('')}… ${chars.length} characters of JSON`;
}
