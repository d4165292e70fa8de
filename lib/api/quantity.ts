/**
 * Kubernetes resource quantities ("2", "500m", "4Gi", "1e3"), as the API server accepts them.
 *
 * We need three things the API machinery has and JavaScript lacks: a well-formedness check that
 * matches the server's, a numeric value to compare sizes (edit rules), and a multiplication that
 * keeps the user's unit (the default volume size is 5 x the memory request).
 */

/** The grammar of `resource.Quantity`, without a sign (negative quantities are refused here). */
const QUANTITY =
  /^(?<number>(?:[0-9]+(?:\.[0-9]*)?)|(?:\.[0-9]+))(?<suffix>(?:[KMGTPE]i)|[numkMGTPE]|(?:[eE][+-]?[0-9]+))?$/;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

export type QuantityInput = string | number;

/** True when `value` is a well-formed, non-negative quantity. */
export function isQuantity(value: unknown): value is QuantityInput {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0;
  return typeof value === 'string' && QUANTITY.test(value);
}

/** The quantity's value as a float (bytes for memory, cores for CPU); throws on a malformed one. */
export function quantityValue(value: QuantityInput): number {
  if (typeof value === 'number') return value;
  const match = QUANTITY.exec(value);
  if (!match?.groups) throw new Error(`not a quantity: ${value}`);
  const number = Number(match.groups.number);
  const suffix = match.groups.suffix ?? '';
  if (suffix in BINARY) return number * BINARY[suffix]!;
  if (suffix in DECIMAL) return number * DECIMAL[suffix]!;
  return number * 10 ** Number(suffix.slice(1));
}

/** `factor` x `value`, keeping the unit the user wrote ("4Gi" x 5 = "20Gi"). */
export function multiplyQuantity(value: QuantityInput, factor: number): string {
  if (typeof value === 'number') return String(value * factor);
  const match = QUANTITY.exec(value);
  if (!match?.groups) throw new Error(`not a quantity: ${value}`);
  const scaled = Number(match.groups.number) * factor;
  // Avoid float noise such as 7.499999999 for "1.5Gi" x 5.
  const rounded = Number.parseFloat(scaled.toPrecision(12));
  return `${rounded}${match.groups.suffix ?? ''}`;
}
