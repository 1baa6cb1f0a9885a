import { randomBytes } from "node:crypto";

const alphabet = "0123456789abcdefghijklmnopqrstuv"; // 32 symbols: 5 unbiased bits per byte

/** A random 20-character lowercase id (100 bits), e.g. "k3v9x0q2m8b1z7c4t6w5". */
export function newId(): string {
  const bytes = randomBytes(20);
  let out = "";
  for (const b of bytes) out += alphabet[b & 31];
  return out;
}

export const idPattern = /^[0-9a-v]{20}$/;
