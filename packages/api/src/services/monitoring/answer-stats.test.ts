import { describe, expect, it } from "vitest";
import { LATENCY_BUCKETS_MS } from "@atelier/db";
import { bucketOf, emptyHistogram, histogramPercentile, mergeHistograms } from "./answer-stats";

describe("latency histograms", () => {
  it("puts a latency in the first bucket whose upper bound it does not exceed", () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(100)).toBe(0);
    expect(bucketOf(101)).toBe(1);
    expect(bucketOf(120_000)).toBe(LATENCY_BUCKETS_MS.length - 1);
    expect(bucketOf(500_000)).toBe(LATENCY_BUCKETS_MS.length);
  });

  it("interpolates percentiles inside the bucket that holds them", () => {
    const h = emptyHistogram();
    h[1] = 10; // ten answers in (100, 200] ms
    expect(histogramPercentile(h, 50)).toBe(150); // rank 5 of 10: halfway through the bucket
    expect(histogramPercentile(h, 100)).toBe(200);
    h[4] = 10; // ten more in (500, 750]
    expect(histogramPercentile(h, 50)).toBe(200); // rank 10 of 20: the end of the first bucket
    expect(histogramPercentile(h, 95)).toBe(725); // rank 19: 9/10 through (500, 750]
  });

  it("reports nothing for an empty histogram and the last bound for overflow", () => {
    expect(histogramPercentile(emptyHistogram(), 50)).toBeNull();
    const h = emptyHistogram();
    h[LATENCY_BUCKETS_MS.length] = 3;
    expect(histogramPercentile(h, 50)).toBe(120_000);
  });

  it("merges histograms of different lengths", () => {
    expect(mergeHistograms([1, 2], [3, 4, 5])).toEqual([4, 6, 5]);
    expect(mergeHistograms([], [1])).toEqual([1]);
  });
});
