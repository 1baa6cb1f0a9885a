/** Why a file is refused before it is sent (the server checks again and has the last word). */
export type FileProblem = "unsupported" | "too_large" | "empty";

/** ".pdf" for "Report.PDF"; "" when the name has no extension. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "";
}

export function checkFile(file: { name: string; size: number }, limits: { supportedExtensions: readonly string[]; maxFileBytes: number }): FileProblem | null {
  if (!limits.supportedExtensions.includes(extensionOf(file.name))) return "unsupported";
  if (file.size > limits.maxFileBytes) return "too_large";
  if (file.size === 0) return "empty";
  return null;
}

/**
 * Runs `worker` on every item with at most `concurrency` at a time, in order. A worker that
 * throws does not stop the others; resolves when all are finished.
 */
export async function runQueue<T>(items: readonly T[], concurrency: number, worker: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await worker(item);
      } catch {
        // Each worker reports its own failure; the queue goes on.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
}
