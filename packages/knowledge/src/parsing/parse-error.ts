export const parseErrorCodes = [
  "unsupported_type",
  "corrupt",
  "encrypted",
  "too_large",
  "zip_bomb",
  "binary",
  "empty",
  "timeout",
] as const;
export type ParseErrorCode = (typeof parseErrorCodes)[number];

/** A document that could not be read, with one sentence a business user can act on. */
export class ParseError extends Error {
  override readonly name: string = "ParseError";
  constructor(
    readonly code: ParseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
