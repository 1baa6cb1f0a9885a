export type DocumentFormat = "pdf" | "docx" | "pptx" | "xlsx" | "csv" | "html" | "markdown" | "text" | "json";

const BY_EXTENSION: Record<string, DocumentFormat> = {
  ".pdf": "pdf",
  ".docx": "docx",
  ".pptx": "pptx",
  ".xlsx": "xlsx",
  ".csv": "csv",
  ".html": "html",
  ".htm": "html",
  ".md": "markdown",
  ".markdown": "markdown",
  ".txt": "text",
  ".json": "json",
};

const BY_MIME_TYPE: Record<string, DocumentFormat> = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "text/csv": "csv",
  "application/csv": "csv",
  "text/html": "html",
  "application/xhtml+xml": "html",
  "text/markdown": "markdown",
  "text/x-markdown": "markdown",
  "text/plain": "text",
  "application/json": "json",
};

/** The extensions Atelier can index, with their dot: ".pdf", ".docx"... */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

/** What people call each format in messages: "This PDF...", "This Word document...". */
export const FORMAT_NAMES: Record<DocumentFormat, string> = {
  pdf: "PDF",
  docx: "Word document",
  pptx: "PowerPoint presentation",
  xlsx: "Excel workbook",
  csv: "CSV file",
  html: "web page",
  markdown: "Markdown file",
  text: "text file",
  json: "JSON file",
};

/** The lower-case extension of a file name or URL path (".pdf"), or null. */
export function extensionOf(fileName: string): string | null {
  let path = fileName;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    try {
      path = new URL(path).pathname;
    } catch {
      // Not a URL after all: use the name as it is.
    }
  }
  const base = path.split(/[/\\]/).pop() ?? path;
  const dot = base.lastIndexOf(".");
  return dot > 0 && dot < base.length - 1 ? base.slice(dot).toLowerCase() : null;
}

/** The media type without parameters, lower case: "text/html; charset=utf-8" gives "text/html". */
export function essenceOf(mimeType: string | null | undefined): string | null {
  const essence = mimeType?.split(";")[0]?.trim().toLowerCase();
  return essence ? essence : null;
}

/**
 * The format of a file from its extension, else from its media type (web pages have no
 * extension); null when neither is supported. The content is checked later, when parsing.
 */
export function detectFormat(fileName: string, mimeType?: string | null): DocumentFormat | null {
  const extension = extensionOf(fileName);
  const byExtension = extension === null ? undefined : BY_EXTENSION[extension];
  if (byExtension) return byExtension;
  const essence = essenceOf(mimeType);
  if (essence === null) return null;
  const byType = BY_MIME_TYPE[essence];
  if (byType) return byType;
  return essence.endsWith("+json") ? "json" : null;
}
