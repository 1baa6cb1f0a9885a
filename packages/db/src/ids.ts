import { randomBytes } from "node:crypto";

const alphabet = "0123456789abcdefghijklmnopqrstuv"; // 32 symbols: 5 unbiased bits per byte

/** A random 20-character id (100 bits) matching `idPattern` in @atelier/validators. */
export function newId(): string {
  const bytes = randomBytes(20);
  let out = "";
  for (const b of bytes) out += alphabet[b & 31];
  return out;
}
