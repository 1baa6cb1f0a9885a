import type { DocumentBlock } from "../chunking/chunk-document";
import type { DocumentFormat } from "./detect-format";

export interface ParsedDocument {
  format: DocumentFormat;
  /** From the document's metadata or its first top heading; null when it has neither. */
  title: string | null;
  blocks: DocumentBlock[];
  /** Pages (PDF) or slides (PowerPoint); null for formats without pages. */
  pageCount: number | null;
}
