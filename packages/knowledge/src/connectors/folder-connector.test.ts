import { mkdir, mkdtemp, realpath, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectorError, type SourceItem } from "./connector";
import { createFolderConnector, resolveAllowedFolder } from "./folder-connector";

let base: string;
let root: string;

async function list(options: Parameters<typeof createFolderConnector>[0], signal?: AbortSignal): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of createFolderConnector(options).list(signal)) items.push(item);
  return items;
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return error as ConnectorError;
  }
  throw new Error("expected a ConnectorError");
}

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "atelier-folder-")));
  root = join(base, "docs");
  await mkdir(join(root, "hr", "policies"), { recursive: true });
  await mkdir(join(root, ".git"), { recursive: true });
  await mkdir(join(root, "empty"));
  await mkdir(join(base, "scratch"));
  await mkdir(join(base, "docs-evil"));
  await mkdir(join(base, "outside"));
  await writeFile(join(root, "readme.md"), "# Read me\n");
  await writeFile(join(root, "Budget 2025.XLSX"), "not really a spreadsheet");
  await writeFile(join(root, "notes.txt"), "hello");
  await writeFile(join(root, "photo.png"), "png bytes");
  await writeFile(join(root, ".env"), "SECRET=1");
  await writeFile(join(root, ".hidden.md"), "hidden");
  await writeFile(join(root, "~$lock.docx"), "office lock file");
  await writeFile(join(root, ".git", "config.txt"), "git");
  await writeFile(join(root, "hr", "leave.pdf"), "%PDF-1.4 leave");
  await writeFile(join(root, "hr", "policies", "remote-work.docx"), "docx bytes");
  await writeFile(join(root, "hr", "policies", "a.html"), "<p>a</p>");
  await writeFile(join(base, "outside", "secret.txt"), "outside secret");
  await writeFile(join(base, "docs-evil", "evil.txt"), "evil");
  // Links: one leaving the root (refused), one staying inside it (followed), one loop, one dangling.
  await symlink(join(base, "outside"), join(root, "escape"));
  await symlink(join(base, "outside", "secret.txt"), join(root, "secret-link.txt"));
  await symlink(join(root, "hr", "policies"), join(root, "policies-link"));
  await symlink(root, join(root, "hr", "loop"));
  await symlink(join(root, "missing.txt"), join(root, "dangling.txt"));
  const when = new Date("2024-03-01T10:00:00Z");
  await utimes(join(root, "readme.md"), when, when);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe("resolveAllowedFolder", () => {
  it("returns the real path of a folder inside an allowed root", async () => {
    expect(await resolveAllowedFolder(root, [root])).toBe(root);
    expect(await resolveAllowedFolder(join(root, "hr"), [root])).toBe(join(root, "hr"));
    expect(await resolveAllowedFolder(join(root, "hr", "..", "hr", "policies"), [root])).toBe(join(root, "hr", "policies"));
    // A link that stays inside the root resolves to its target.
    expect(await resolveAllowedFolder(join(root, "policies-link"), [root])).toBe(join(root, "hr", "policies"));
    // Roots are compared by real path too.
    expect(await resolveAllowedFolder(root, [join(base, "docs", "hr", "..")])).toBe(root);
  });

  it("refuses .. traversal, symlinks leading outside and prefix tricks", async () => {
    expect((await rejection(resolveAllowedFolder(join(root, "..", "outside"), [root]))).code).toBe("path_not_allowed");
    expect((await rejection(resolveAllowedFolder(join(root, "escape"), [root]))).code).toBe("path_not_allowed");
    expect((await rejection(resolveAllowedFolder(join(base, "docs-evil"), [root]))).code).toBe("path_not_allowed");
    expect((await rejection(resolveAllowedFolder(base, [root]))).code).toBe("path_not_allowed");
    expect((await rejection(resolveAllowedFolder("/", [root]))).code).toBe("path_not_allowed");
  });

  it("says why: relative path, no root configured, missing folder, file instead of folder", async () => {
    const relative = await rejection(resolveAllowedFolder("docs", [root]));
    expect(relative.code).toBe("path_not_allowed");
    expect(relative.message).toMatch(/absolute path/);
    const noRoot = await rejection(resolveAllowedFolder(root, []));
    expect(noRoot.message).toMatch(/administrator/);
    expect((await rejection(resolveAllowedFolder(join(root, "nope"), [root]))).code).toBe("not_found");
    // Outside the roots, a missing folder is not reported as missing (no probing of the disk).
    expect((await rejection(resolveAllowedFolder(join(base, "nope"), [root]))).code).toBe("path_not_allowed");
    const file = await rejection(resolveAllowedFolder(join(root, "notes.txt"), [root]));
    expect(file.code).toBe("not_a_directory");
  });
});

describe("createFolderConnector", () => {
  it("lists nested files in a deterministic order, skipping hidden files, other extensions and links leaving the root", async () => {
    const items = await list({ path: root, allowedRoots: [root] });
    expect(items.map((i) => i.externalId)).toEqual([
      "Budget 2025.XLSX",
      "hr/leave.pdf",
      "hr/policies/a.html",
      "hr/policies/remote-work.docx",
      "notes.txt",
      "policies-link/a.html",
      "policies-link/remote-work.docx",
      "readme.md",
    ]);
    // Once more: same order.
    expect((await list({ path: root, allowedRoots: [root] })).map((i) => i.externalId)).toEqual(items.map((i) => i.externalId));
  });

  it("fills title, location, mtime, size and media type, and reads the bytes", async () => {
    const items = await list({ path: root, allowedRoots: [root] });
    const readme = items.find((i) => i.externalId === "readme.md")!;
    expect(readme).toMatchObject({
      title: "readme",
      location: join(root, "readme.md"),
      modifiedAt: Date.parse("2024-03-01T10:00:00Z"),
      size: 10,
      mimeType: "text/markdown",
    });
    expect(new TextDecoder().decode(await readme.read())).toBe("# Read me\n");
    const budget = items.find((i) => i.externalId === "Budget 2025.XLSX")!;
    expect(budget.title).toBe("Budget 2025");
    expect(budget.mimeType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const leave = items.find((i) => i.externalId === "hr/leave.pdf")!;
    expect(leave.location).toBe(join(root, "hr", "leave.pdf"));
    expect(new TextDecoder().decode(await leave.read())).toBe("%PDF-1.4 leave");
  });

  it("filters by the given extensions, with or without dot, any case", async () => {
    const items = await list({ path: root, allowedRoots: [root], extensions: ["TXT", ".png"] });
    expect(items.map((i) => i.externalId)).toEqual(["notes.txt", "photo.png"]);
  });

  it("lists a subfolder with ids relative to it", async () => {
    const items = await list({ path: join(root, "hr"), allowedRoots: [root] });
    // hr/loop points to the root (allowed, not an ancestor of hr): followed; the root's own hr is not.
    expect(items.map((i) => i.externalId)).toEqual([
      "leave.pdf",
      "loop/Budget 2025.XLSX",
      "loop/notes.txt",
      "loop/policies-link/a.html",
      "loop/policies-link/remote-work.docx",
      "loop/readme.md",
      "policies/a.html",
      "policies/remote-work.docx",
    ]);
  });

  it("follows a link to another allowed root", async () => {
    const items = await list({ path: root, allowedRoots: [root, join(base, "outside")] });
    expect(items.map((i) => i.externalId)).toContain("escape/secret.txt");
    expect(items.map((i) => i.externalId)).toContain("secret-link.txt");
  });

  it("lists files over the size limit but refuses to read them", async () => {
    const items = await list({ path: root, allowedRoots: [root], maxFileBytes: 9 });
    const readme = items.find((i) => i.externalId === "readme.md")!;
    expect(readme.size).toBe(10);
    const error = await rejection(readme.read());
    expect(error.code).toBe("too_large");
    expect(error.message).toContain("readme.md");
    expect(new TextDecoder().decode(await items.find((i) => i.externalId === "notes.txt")!.read())).toBe("hello");
  });

  it("drops a deleted file from the next listing, and read() of it says not_found", async () => {
    const folder = join(base, "scratch");
    await writeFile(join(folder, "one.txt"), "1");
    await writeFile(join(folder, "two.txt"), "2");
    const before = await list({ path: folder, allowedRoots: [folder] });
    expect(before.map((i) => i.externalId)).toEqual(["one.txt", "two.txt"]);
    await rm(join(folder, "one.txt"));
    const after = await list({ path: folder, allowedRoots: [folder] });
    expect(after.map((i) => i.externalId)).toEqual(["two.txt"]);
    expect((await rejection(before[0]!.read())).code).toBe("not_found");
  });

  it("refuses to read a file replaced by a link leaving the root after the listing", async () => {
    const folder = join(base, "scratch");
    await writeFile(join(folder, "swap.txt"), "inside");
    const item = (await list({ path: folder, allowedRoots: [folder] })).find((i) => i.externalId === "swap.txt")!;
    await rm(join(folder, "swap.txt"));
    await symlink(join(base, "outside", "secret.txt"), join(folder, "swap.txt"));
    expect((await rejection(item.read())).code).toBe("path_not_allowed");
    await rm(join(folder, "swap.txt"));
  });

  it("throws from list() when the folder is not allowed or missing, and honours the abort signal", async () => {
    const outside = createFolderConnector({ path: join(root, "..", "outside"), allowedRoots: [root] });
    const iterator = outside.list()[Symbol.asyncIterator]();
    expect((await rejection(iterator.next())).code).toBe("path_not_allowed");
    const missing = createFolderConnector({ path: join(root, "gone"), allowedRoots: [root] }).list()[Symbol.asyncIterator]();
    expect((await rejection(missing.next())).code).toBe("not_found");
    const controller = new AbortController();
    controller.abort();
    await expect(list({ path: root, allowedRoots: [root] }, controller.signal)).rejects.toThrow(/abort/i);
  });
});
