/**
 * IPv6 addresses (RFC 4291 text form, an IPv4 address in the last 32 bits allowed), checked
 * without `node:net`: the construct entry reaches this file and must load no node: module (see
 * lib/index.ts). A unit test holds it to `net.isIP(value) === 6` on generated addresses.
 */
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
/** Dotted IPv4 without leading zeros, as `net.isIP` reads it. */
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** True when `text` is an IPv6 address without a zone (`%eth0`). */
export function isIPv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const compressed = halves.length === 2;
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0]!);
  const tail = compressed ? groupsOf(halves[1]!) : [];
  // An IPv4 address may only end the whole address: the last group of the tail, or of the head
  // when nothing is compressed.
  const last = compressed ? tail : head;
  let bits = 0;
  for (const list of [head, tail]) {
    for (const [index, group] of list.entries()) {
      if (HEX_GROUP.test(group)) bits += 16;
      else if (list === last && index === list.length - 1 && IPV4.test(group)) bits += 32;
      else return false;
    }
  }
  // `::` stands for at least one group of zeros.
  return compressed ? bits <= 112 : bits === 128;
}
