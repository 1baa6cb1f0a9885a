export interface RateInterval {
  /** successes / n (0 when n = 0). */
  rate: number;
  low: number;
  high: number;
}

/**
 * The Wilson score interval of a rate of successes: unlike the normal approximation (rate ± z·se),
 * it stays inside [0, 1] and is still honest at 0/n and n/n and for small n. `z` = 1.96 gives the
 * 95 % interval; 2.576 the 99 %.
 *
 * With n = 0 nothing is known: the result is { rate: 0, low: 0, high: 1 }, the widest interval,
 * rather than a NaN rate that would spread through averages and tables.
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): RateInterval {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number of at least 0, not ${n}.`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`successes must be a whole number between 0 and n (${n}), not ${successes}.`);
  }
  if (!(z > 0) || !Number.isFinite(z)) throw new RangeError(`z must be a positive number, not ${z}.`);
  if (n === 0) return { rate: 0, low: 0, high: 1 };
  const rate = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (rate + z2 / (2 * n)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n));
  return {
    rate,
    // Exact at the ends: floating point would give -1e-17 at 0/n and 1 - 1e-16 at n/n.
    low: successes === 0 ? 0 : Math.max(0, centre - halfWidth),
    high: successes === n ? 1 : Math.min(1, centre + halfWidth),
  };
}
