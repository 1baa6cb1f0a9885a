import type { ReplyCitation } from "../stream-reply";

/**
 * Rewrites the references of a text ("[1]", "[1, 2]", "[1][2]") with `map`, in one pass so that
 * a rewritten number is never rewritten again. Numbers missing from the map are left as they are.
 */
export function rewriteRefs(text: string, map: ReadonlyMap<number, number>): string {
  if (!map.size) return text;
  return text.replace(/\[(\d+(?:\s*[,;]\s*\d+)*)\]/g, (_match, inner: string) => `[${inner.replace(/\d+/g, (n) => String(map.get(Number(n)) ?? n))}]`);
}

/**
 * The citations of one answer: the prompt's passages first, then the passages tools return.
 * Refs are unique across the answer: the same chunk keeps its ref, a new chunk gets the next one.
 * Tools either ask for the ref of a chunk up front (`refFor`, given to them as
 * ToolContext.citationRef) or number their passages from 1; `absorb` maps their refs to the
 * answer's either way.
 */
export class CitationRegistry {
  private readonly list: ReplyCitation[] = [];
  /** Refs given out, including those reserved by `refFor` and not yet absorbed. */
  private readonly refByChunk = new Map<string, number>();
  private readonly listed = new Set<string>();
  private nextRef = 1;

  constructor(initial: ReplyCitation[] = []) {
    for (const citation of initial) {
      if (this.listed.has(citation.chunkId)) continue;
      this.list.push(citation);
      this.listed.add(citation.chunkId);
      this.refByChunk.set(citation.chunkId, citation.ref);
      this.nextRef = Math.max(this.nextRef, citation.ref + 1);
    }
  }

  get size(): number {
    return this.list.length;
  }

  /** A copy of every citation so far, by ref. */
  all(): ReplyCitation[] {
    return [...this.list].sort((a, b) => a.ref - b.ref);
  }

  /** The answer's ref of a chunk: the one it already has, or the next free one (reserved). */
  refFor(chunkId: string): number {
    let ref = this.refByChunk.get(chunkId);
    if (ref === undefined) {
      ref = this.nextRef++;
      this.refByChunk.set(chunkId, ref);
    }
    return ref;
  }

  /**
   * Adds a tool's citations. Returns them with the answer's refs, the map from the tool's refs to
   * the answer's (to rewrite the tool's text), and whether the list grew.
   */
  absorb(citations: ReplyCitation[]): { citations: ReplyCitation[]; map: Map<number, number>; grew: boolean } {
    const map = new Map<number, number>();
    const renumbered: ReplyCitation[] = [];
    let grew = false;
    for (const citation of citations) {
      const ref = this.refFor(citation.chunkId);
      if (!this.listed.has(citation.chunkId)) {
        this.listed.add(citation.chunkId);
        this.list.push({ ...citation, ref });
        grew = true;
      }
      map.set(citation.ref, ref);
      renumbered.push({ ...citation, ref });
    }
    return { citations: renumbered, map, grew };
  }
}
