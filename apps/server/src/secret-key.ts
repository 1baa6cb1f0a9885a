import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export class SecretKeyError extends Error {}

/**
 * The 32-byte key that encrypts secrets at rest: ATELIER_SECRET_KEY (64 hex characters or base64)
 * when set, else `<data dir>/secret.key`, generated with mode 0600 on first boot. Losing it makes
 * stored API keys unreadable (admins re-enter them), never silently wrong.
 */
export function loadSecretKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) {
    const key = /^[0-9a-f]{64}$/i.test(configured) ? Buffer.from(configured, "hex") : Buffer.from(configured, "base64");
    if (key.length !== 32) throw new SecretKeyError("ATELIER_SECRET_KEY must be 32 bytes: 64 hex characters or 44 base64 characters (generate one with `openssl rand -hex 32`).");
    return key;
  }
  const file = join(dataDir, "secret.key");
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) throw new SecretKeyError(`${file} is readable by other users (mode ${mode.toString(8)}); run \`chmod 600 ${file}\`.`);
    const key = Buffer.from(readFileSync(file, "utf8").trim(), "hex");
    if (key.length !== 32) throw new SecretKeyError(`${file} does not hold a 32-byte hex key.`);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString("hex"), { mode: 0o600, flag: "wx" });
  return key;
}
