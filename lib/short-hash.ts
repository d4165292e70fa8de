/**
 * A short, stable hash of a text (64-bit FNV-1a, hex) for names and change markers: what a name cut
 * to fit and a "this list changed" annotation need, without node:crypto, which the construct entry
 * must not load (lib/index.ts). Not for anything secret.
 */
export function shortHash(text: string, length = 16): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0').slice(0, length);
}
