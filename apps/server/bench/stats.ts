export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

export interface Sample {
  ttft: number;
  total: number;
}

export function summarize(samples: Sample[]) {
  const ttft = samples.map((s) => s.ttft);
  const total = samples.map((s) => s.total);
  return { ttftP50: percentile(ttft, 50), ttftP95: percentile(ttft, 95), totalP50: percentile(total, 50), totalP95: percentile(total, 95) };
}

/** Runs `fn` `rounds` times on each of `concurrency` parallel lanes. */
export async function lanes(concurrency: number, rounds: number, fn: () => Promise<Sample>): Promise<Sample[]> {
  const out: Sample[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      // Lanes start spread over 100 ms, as users do, rather than in one burst.
      if (concurrency > 1) await new Promise((r) => setTimeout(r, (lane * 100) / concurrency));
      for (let i = 0; i < rounds; i++) out.push(await fn());
    }),
  );
  return out;
}

export const ms = (v: number) => `${v.toFixed(1).padStart(7)} ms`;

/** p50 and p95 of `runs` calls of a synchronous `fn`, after one warm-up call. */
export function time(fn: () => unknown, runs = 40) {
  fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  return { p50: percentile(t, 50), p95: percentile(t, 95) };
}
