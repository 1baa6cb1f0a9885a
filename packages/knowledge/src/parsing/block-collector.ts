import type { BlockKind, DocumentBlock } from "../chunking/chunk-document";
import { tooMuchText } from "./parse-limits";

/**
 * Collects a parser's blocks in reading order: skips blank text and stops the parse as soon as
 * the extracted text goes over the character limit, so a huge document fails early.
 */
export class BlockCollector {
  readonly blocks: DocumentBlock[] = [];
  #characters = 0;

  constructor(private readonly maxCharacters: number) {}

  get characters(): number {
    return this.#characters;
  }

  heading(text: string, level: number, page?: number): void {
    this.add("heading", text, page, Math.min(Math.max(Math.round(level), 1), 6));
  }

  paragraph(text: string, page?: number): void {
    this.add("paragraph", text, page);
  }

  table(text: string, page?: number): void {
    this.add("table", text, page);
  }

  list(text: string, page?: number): void {
    this.add("list", text, page);
  }

  add(kind: BlockKind, text: string, page?: number, level?: number): void {
    const trimmed = text.trim();
    if (trimmed === "") return;
    this.#characters += trimmed.length;
    if (this.#characters > this.maxCharacters) throw tooMuchText(this.maxCharacters);
    const block: DocumentBlock = { kind, text: trimmed };
    if (level !== undefined) block.level = level;
    if (page !== undefined) block.page = page;
    this.blocks.push(block);
  }

  /** The first heading of the highest level, a fallback title. */
  firstTopHeading(): string | null {
    let best: DocumentBlock | null = null;
    for (const block of this.blocks) {
      if (block.kind !== "heading") continue;
      if (best === null || (block.level ?? 1) < (best.level ?? 1)) best = block;
      if ((best.level ?? 1) === 1) break;
    }
    return best?.text ?? null;
  }
}
