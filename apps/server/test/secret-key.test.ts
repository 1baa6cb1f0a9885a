import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSecretKey } from "../src/secret-key";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "atelier-key-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("the secret key", () => {
  it("is generated on first boot with mode 0600, then reused", () => {
    const dir = tempDir();
    const key = loadSecretKey(undefined, dir);
    expect(key).toHaveLength(32);
    expect(statSync(join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    expect(loadSecretKey(undefined, dir).equals(key)).toBe(true);
    expect(readFileSync(join(dir, "secret.key"), "utf8")).toBe(key.toString("hex"));
  });

  it("refuses a key file other users can read", () => {
    const dir = tempDir();
    loadSecretKey(undefined, dir);
    chmodSync(join(dir, "secret.key"), 0o644);
    expect(() => loadSecretKey(undefined, dir)).toThrow(/readable by other users .*chmod 600/);
  });

  it("takes the key from configuration, hex or base64, and rejects a wrong length", () => {
    const hex = "ab".repeat(32);
    expect(loadSecretKey(hex, tempDir()).toString("hex")).toBe(hex);
    expect(loadSecretKey(Buffer.alloc(32, 7).toString("base64"), tempDir())).toEqual(Buffer.alloc(32, 7));
    expect(() => loadSecretKey("too-short", tempDir())).toThrow(/must be 32 bytes/);
  });
});
