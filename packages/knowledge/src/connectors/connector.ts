/** One document a data source holds, as the ingestion pipeline sees it before parsing. */
export interface SourceItem {
  /** Stable across syncs: the path relative to the folder root, or the canonical URL. */
  externalId: string;
  /** File name without extension, or the page's <title>. */
  title: string;
  /** What users are shown: an absolute path or a URL. */
  location: string;
  /** Milliseconds since the epoch (file mtime, HTTP Last-Modified), when known. */
  modifiedAt: number | null;
  size: number | null;
  mimeType: string | null;
  read(signal?: AbortSignal): Promise<Uint8Array>;
}

/** A data source Atelier keeps in sync. A listing that ends without throwing is complete. */
export interface Connector {
  readonly kind: "folder" | "website" | "upload";
  list(signal?: AbortSignal): AsyncIterable<SourceItem>;
}

export const connectorErrorCodes = [
  "path_not_allowed",
  "not_found",
  "not_a_directory",
  "unreachable",
  "blocked_address",
  "invalid_url",
  "too_large",
  "http_error",
  "timeout",
] as const;
export type ConnectorErrorCode = (typeof connectorErrorCodes)[number];

/** A source that could not be listed or read, with a sentence a user can act on. */
export class ConnectorError extends Error {
  override readonly name: string = "ConnectorError";
  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
