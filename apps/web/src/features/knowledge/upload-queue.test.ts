import { describe, expect, it } from "vitest";
import { checkFile, extensionOf, runQueue } from "./upload-queue";

const limits = { supportedExtensions: [".pdf", ".md", ".txt"], maxFileBytes: 1000 };

describe("checkFile", () => {
  it("refuses unsupported types, oversized and empty files", () => {
    expect(extensionOf("Report.PDF")).toBe(".pdf");
    expect(extensionOf(".bashrc")).toBe("");
    expect(extensionOf("README")).toBe("");
    expect(checkFile({ name: "notes.md", size: 10 }, limits)).toBeNull();
    expect(checkFile({ name: "photo.jpeg", size: 10 }, limits)).toBe("unsupported");
    expect(checkFile({ name: "README", size: 10 }, limits)).toBe("unsupported");
    expect(checkFile({ name: "big.pdf", size: 1001 }, limits)).toBe("too_large");
    expect(checkFile({ name: "empty.txt", size: 0 }, limits)).toBe("empty");
  });
});

describe("runQueue", () => {
  it("never runs more than the limit at once and goes on after a failure", async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runQueue([1, 2, 3, 4, 5], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 * (6 - n)));
      running--;
      if (n === 2) throw new Error("refused");
      done.push(n);
    });
    expect(peak).toBe(2);
    expect(done.sort()).toEqual([1, 3, 4, 5]);
  });

  it("resolves at once for no items", async () => {
    await expect(runQueue([], 2, async () => {})).resolves.toBeUndefined();
  });
});
