/** Largest case file the API accepts, in characters. */
export const MAX_CASE_FILE_CHARS = 5_000_000;

/** The file types the import accepts (the API reads CSV and JSON Lines). */
export const CASE_FILE_ACCEPT = ".csv,.tsv,.txt,.jsonl,.ndjson,.json,text/csv,application/x-ndjson";

/**
 * A case file's text: UTF-8 (with or without a byte order mark), or, when that gives replacement
 * characters, windows-1252 — what Excel writes when it saves "CSV" on a French Windows machine.
 */
export function decodeCaseFile(bytes: ArrayBuffer | Uint8Array): string {
  const utf8 = new TextDecoder("utf-8").decode(bytes);
  if (!utf8.includes("\uFFFD")) return utf8;
  return decodeWindows1252(bytes);
}

/** windows-1252's characters for the bytes 0x80–0x9F (ISO-8859-1 has control codes there); undefined ones stay as they are. */
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/**
 * Decodes windows-1252 byte by byte (browsers do the same for TextDecoder("windows-1252"), but
 * some runtimes decode that label as ISO-8859-1, which loses "€", "œ" and the curly quotes).
 */
export function decodeWindows1252(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = "";
  for (let i = 0; i < view.length; i += 8192) {
    const chunk = view.subarray(i, i + 8192);
    out += String.fromCharCode(...chunk);
  }
  return out.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** A template with the expected columns: an answerable case and one the documents do not answer. */
export const CASE_TEMPLATE_CSV = [
  "question,reference_answer,expect_abstention,expected_sources,tags,language",
  '"How many days of annual leave do employees get?",25 working days,no,leave-policy.pdf,leave | hr,en',
  "Who won the 1998 World Cup?,,yes,,out-of-scope,en",
  "",
].join("\r\n");

/** Saves text as a file the browser downloads. */
export function downloadText(fileName: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
