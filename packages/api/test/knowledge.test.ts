import { mkdtempSync, rmSync, unlinkSync, writeFileSync, mkdirSync, utimesSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { ingestionJobs, knowledgeChunks, knowledgeDocuments, knowledgeSources } from "@atelier/db";
import { IngestionRunner } from "@atelier/knowledge";
import { afterEach, describe, expect, it } from "vitest";
import { handleUploadRequest } from "../src";
import { codeOf, createHarness, dataOf, type CookieJar, type Harness } from "./harness";

const dirs: string[] = [];
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "atelier-knowledge-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function upload(h: Harness, jar: CookieJar, sourceId: string, fileName: string, content: string | Uint8Array, mimeType: string | null = null) {
  return handleUploadRequest(h.services, {
    sessionToken: jar.token,
    ip: "10.0.0.1",
    userAgent: "vitest",
    sourceId,
    fileName,
    mimeType,
    bytes: typeof content === "string" ? new TextEncoder().encode(content) : content,
  });
}

async function settle(h: Harness, sourceId: string) {
  const jobs = h.services.db.select().from(ingestionJobs).where(eq(ingestionJobs.sourceId, sourceId)).all();
  for (const job of jobs) await h.services.knowledge.runner.waitFor(job.id);
}

function ftsRows(h: Harness): number {
  return (h.services.knowledge.index as unknown as { db: { prepare(s: string): { get(): { n: number } } } }).db
    .prepare("SELECT count(*) AS n FROM knowledge_chunks_fts")
    .get().n;
}

const leave = `# Congés

## Congé parental

Le congé parental d'éducation dure au plus trois ans, jusqu'au troisième anniversaire de l'enfant.

## Télétravail

Les salariés peuvent télétravailler deux jours par semaine avec l'accord de leur manager.
`;

describe("knowledge: upload sources", () => {
  it("indexes uploaded files, fails a bad one alone with its reason, and searches them", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const { id } = await api.knowledge.createSource({ name: "RH", config: { kind: "upload" }, sensitivity: "internal" });
    expect(upload(h, admin, id, "conges.md", leave).status).toBe(200);
    // Binary bytes named .txt: refused by the parser, not by the endpoint.
    expect(upload(h, admin, id, "notes.txt", new Uint8Array([0, 1, 2, 3, 0, 0, 255, 254, 0, 7, 8, 0])).status).toBe(200);
    await settle(h, id);

    const docs = await api.knowledge.documents({ sourceId: id });
    expect(docs.total).toBe(2);
    const byName = Object.fromEntries(docs.items.map((d) => [d.location, d]));
    expect(byName["conges.md"]).toMatchObject({ status: "indexed", language: "fr" });
    expect(byName["conges.md"]!.chunkCount).toBeGreaterThan(0);
    expect(byName["notes.txt"]).toMatchObject({ status: "failed", errorCode: "parse.binary" });
    expect(byName["notes.txt"]!.error).toMatch(/binary/i);

    const found = await api.knowledge.search({ query: "combien de temps dure le congé parental" });
    expect(found.results[0]).toMatchObject({ title: "Congés", headingPath: ["Congés", "Congé parental"], location: "conges.md" });
    expect(found.results[0]!.highlights).toContain("<mark>");

    const document = await api.knowledge.document({ id: byName["conges.md"]!.id });
    expect(document.chunks.map((c) => c.text).join(" ")).toContain("troisième anniversaire");

    const source = await api.knowledge.source({ id });
    expect(source).toMatchObject({ documentCount: 2, failedCount: 1, lastSyncStatus: "done" });
  });

  it("skips unchanged files on the next sync and replaces a changed one's chunks", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const { id } = await api.knowledge.createSource({ name: "RH", config: { kind: "upload" } });
    upload(h, admin, id, "conges.md", leave);
    await settle(h, id);
    const before = h.services.db.select().from(knowledgeChunks).all().length;

    const again = await api.knowledge.syncSource({ id });
    const job = await h.services.knowledge.runner.waitFor(again.id);
    expect(job).toMatchObject({ status: "done", unchangedItems: 1, indexedItems: 0 });

    upload(h, admin, id, "conges.md", leave.replace("deux jours", "trois jours"));
    await settle(h, id);
    const chunks = h.services.db.select().from(knowledgeChunks).all();
    expect(chunks.length).toBe(before);
    expect(chunks.map((c) => c.text).join(" ")).toContain("trois jours par semaine");
    expect(chunks.map((c) => c.text).join(" ")).not.toContain("deux jours par semaine");
    expect(ftsRows(h)).toBe(chunks.length);
  });

  it("indexes a file uploaded while a sync of the same source is running", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const { id } = await api.knowledge.createSource({ name: "Bulk", config: { kind: "upload" } });
    for (let i = 0; i < 80; i++) upload(h, admin, id, `page-${i}.md`, `# Page ${i}\n\nContenu numéro ${i}.`);
    for (;;) {
      const job = h.services.db.select().from(ingestionJobs).where(eq(ingestionJobs.sourceId, id)).get()!;
      if (job.status !== "queued") {
        expect(job.status).toBe("running");
        break;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    upload(h, admin, id, "late.md", "# Late\n\nArrivé pendant la synchronisation.");
    await settle(h, id);
    await settle(h, id);
    const docs = await api.knowledge.documents({ sourceId: id, limit: 200 });
    expect(docs.total).toBe(81);
    expect(docs.items.every((d) => d.status === "indexed")).toBe(true);
  });

  it("refuses unsupported, empty and oversized files at upload with a clear message", async () => {
    const h = createHarness({ knowledge: { maxFileBytes: 1000 } });
    const admin = await h.setupAdmin();
    const { id } = await h.as(admin).knowledge.createSource({ name: "RH", config: { kind: "upload" } });
    const exe = upload(h, admin, id, "setup.exe", "MZ");
    expect(exe.status).toBe(400);
    expect(exe.body).toMatchObject({ error: { appCode: "knowledge.unsupported_type" } });
    expect(upload(h, admin, id, "big.txt", "x".repeat(2000)).body).toMatchObject({ error: { appCode: "knowledge.too_large" } });
    expect(upload(h, admin, id, "empty.txt", "").body).toMatchObject({ error: { appCode: "knowledge.empty_file" } });
    expect((await h.as(admin).knowledge.documents({ sourceId: id })).total).toBe(0);
  });

  it("deletes a source with every chunk, and a document alone", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const { id } = await api.knowledge.createSource({ name: "RH", config: { kind: "upload" } });
    upload(h, admin, id, "a.md", leave);
    upload(h, admin, id, "b.md", "# Notes\n\nLa cantine ouvre à midi.");
    await settle(h, id);
    const docs = await api.knowledge.documents({ sourceId: id });
    await api.knowledge.deleteDocument({ id: docs.items.find((d) => d.location === "b.md")!.id });
    expect((await api.knowledge.search({ query: "cantine" })).results).toHaveLength(0);
    expect((await api.knowledge.documents({ sourceId: id })).total).toBe(1);

    await api.knowledge.deleteSource({ id });
    expect(h.services.db.select().from(knowledgeChunks).all()).toHaveLength(0);
    expect(h.services.db.select().from(knowledgeDocuments).all()).toHaveLength(0);
    expect(ftsRows(h)).toBe(0);
    expect(await codeOf(api.knowledge.source({ id }))).toBe("NOT_FOUND");
  });
});

describe("knowledge: folder sources", () => {
  it("syncs an allowed folder incrementally and propagates deletions", async () => {
    const root = tempDir();
    mkdirSync(join(root, "policies", "it"), { recursive: true });
    writeFileSync(join(root, "policies", "conges.md"), leave);
    writeFileSync(join(root, "policies", "it", "vpn.md"), "# VPN\n\nLe VPN se connecte avec le badge et un code à six chiffres.");
    const h = createHarness({ knowledge: { folderRoots: [root] } });
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const { id } = await api.knowledge.createSource({ name: "Politiques", config: { kind: "folder", path: join(root, "policies") } });
    await settle(h, id);
    expect((await api.knowledge.documents({ sourceId: id })).items.map((d) => d.status)).toEqual(["indexed", "indexed"]);
    // Filter by folder: only the documents under it/.
    const inFolder = await api.knowledge.search({ query: "VPN badge congé parental", folder: "it/" });
    expect(inFolder.results.map((r) => r.title)).toEqual(["VPN"]);
    const everywhere = await api.knowledge.search({ query: "VPN badge congé parental" });
    expect(new Set(everywhere.results.map((r) => r.title))).toEqual(new Set(["VPN", "Congés"]));

    const vpn = join(root, "policies", "it", "vpn.md");
    writeFileSync(vpn, "# VPN\n\nLe VPN demande désormais une clé de sécurité matérielle.");
    utimesSync(vpn, new Date(), new Date(Date.now() + 5000));
    unlinkSync(join(root, "policies", "conges.md"));
    const job = await h.services.knowledge.runner.waitFor((await api.knowledge.syncSource({ id })).id);
    expect(job).toMatchObject({ status: "done", indexedItems: 1, deletedItems: 1 });
    expect((await api.knowledge.search({ query: "clé de sécurité" })).results).toHaveLength(1);
    expect((await api.knowledge.search({ query: "congé parental" })).results).toHaveLength(0);
  });

  it("refuses a folder outside the allowed roots, and folders when none is allowed", async () => {
    const root = tempDir();
    const h = createHarness({ knowledge: { folderRoots: [root] } });
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const outside = api.knowledge.createSource({ name: "x", config: { kind: "folder", path: join(root, "..", "..", "etc") } });
    expect(await codeOf(outside)).toBe("BAD_REQUEST");
    const error = await outside.catch((e) => e);
    expect(dataOf(error).fieldErrors?.path?.[0]).toBeTruthy();

    const closed = createHarness();
    const admin2 = await closed.setupAdmin();
    const refused = await closed.as(admin2).knowledge.createSource({ name: "x", config: { kind: "folder", path: root } }).catch((e) => e);
    expect(dataOf(refused).fieldErrors?.path?.[0]).toMatch(/ATELIER_FOLDER_ROOTS/);
  });

  it("resumes a sync interrupted by a shutdown without duplicating or losing chunks", async () => {
    const root = tempDir();
    for (let i = 0; i < 300; i++) {
      writeFileSync(join(root, `page-${String(i).padStart(2, "0")}.md`), `# Page ${i}\n\nLe sujet numéro ${i} parle du thème ${i * 7 + 1000} et de rien d'autre.\n\nUne seconde phrase pour la page ${i}.`);
    }
    const h = createHarness({ knowledge: { folderRoots: [root] } });
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const { id } = await api.knowledge.createSource({ name: "Pages", config: { kind: "folder", path: root } });
    // Stop the server's runner as soon as the sync is under way.
    for (;;) {
      const job = h.services.db.select().from(ingestionJobs).where(eq(ingestionJobs.sourceId, id)).get()!;
      if (job.processedItems >= 1) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    await h.services.knowledge.runner.stop();
    const interrupted = h.services.db.select().from(ingestionJobs).where(eq(ingestionJobs.sourceId, id)).get()!;
    expect(interrupted).toMatchObject({ status: "queued", trigger: "resume" });
    expect(interrupted.processedItems).toBeLessThan(300);

    // "Next boot": a new runner on the same database picks the job up again.
    const runner = new IngestionRunner(h.services.db, h.services.knowledge.index, { folderRoots: [root], scheduleCheckMs: 0 });
    runner.start();
    const done = await runner.waitFor(interrupted.id);
    await runner.stop();
    expect(done.status).toBe("done");
    const documents = h.services.db.select().from(knowledgeDocuments).all();
    expect(documents).toHaveLength(300);
    expect(documents.every((d) => d.status === "indexed")).toBe(true);
    const chunks = h.services.db.select().from(knowledgeChunks).all();
    expect(chunks.length).toBe(documents.reduce((n, d) => n + d.chunkCount, 0));
    expect(ftsRows(h)).toBe(chunks.length);
    expect((await api.knowledge.search({ query: "thème 1273" })).results[0]?.title).toBe("Page 39");
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
  });

  it("cancels a running sync", async () => {
    const root = tempDir();
    for (let i = 0; i < 60; i++) writeFileSync(join(root, `p${i}.md`), `# P${i}\n\nTexte ${i}.`);
    const h = createHarness({ knowledge: { folderRoots: [root] } });
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const { id } = await api.knowledge.createSource({ name: "P", config: { kind: "folder", path: root } });
    const job = h.services.db.select().from(ingestionJobs).where(eq(ingestionJobs.sourceId, id)).get()!;
    expect((await api.knowledge.cancelJob({ id: job.id })).cancelled).toBe(true);
    const final = await h.services.knowledge.runner.waitFor(job.id);
    expect(final.status).toBe("cancelled");
    expect((await api.knowledge.source({ id })).activeJob).toBeNull();
  });
});

describe("knowledge: website sources", () => {
  let server: Server | null = null;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  async function site(): Promise<string> {
    server = createServer((req, res) => {
      const pages: Record<string, string> = {
        "/": `<html><head><title>Intranet</title></head><body><nav>Menu</nav><h1>Accueil</h1><p>Bienvenue. Voir <a href="/cantine">la cantine</a>.</p></body></html>`,
        "/cantine": `<html><head><title>Cantine</title></head><body><h1>Cantine</h1><p>La cantine ouvre de midi à quatorze heures.</p></body></html>`,
      };
      const page = pages[req.url ?? ""];
      if (req.url === "/robots.txt") return void res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nAllow: /\n");
      if (!page) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    return `127.0.0.1:${(server!.address() as { port: number }).port}`;
  }

  it("crawls an allow-listed site", async () => {
    const host = await site();
    const h = createHarness({ knowledge: { allowedPrivateHosts: [host] } });
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const { id } = await api.knowledge.createSource({ name: "Intranet", config: { kind: "website", url: `http://${host}/`, maxDepth: 2, maxPages: 10 } });
    await settle(h, id);
    const docs = await api.knowledge.documents({ sourceId: id });
    expect(docs.items.map((d) => d.title).sort()).toEqual(["Cantine", "Intranet"]);
    expect((await api.knowledge.search({ query: "horaires cantine midi" })).results[0]?.location).toBe(`http://${host}/cantine`);
  });

  it("refuses a private address that is not allow-listed, and says why", async () => {
    const host = await site();
    const h = createHarness();
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const { id } = await api.knowledge.createSource({ name: "Intranet", config: { kind: "website", url: `http://${host}/`, maxDepth: 1, maxPages: 5 } });
    await settle(h, id);
    const source = await api.knowledge.source({ id });
    expect(source.lastSyncStatus).toBe("failed");
    expect(source.lastSyncError).toMatch(/ATELIER_ALLOWED_PRIVATE_HOSTS/);
    expect(source.documentCount).toBe(0);
  });
});

describe("knowledge: authorization", () => {
  const id = "0123456789abcdefghij";
  const calls: Record<string, (c: any) => Promise<unknown>> = {
    settings: (c) => c.knowledge.settings(),
    sources: (c) => c.knowledge.sources(),
    source: (c) => c.knowledge.source({ id }),
    createSource: (c) => c.knowledge.createSource({ name: "x", config: { kind: "upload" } }),
    updateSource: (c) => c.knowledge.updateSource({ id, name: "y" }),
    deleteSource: (c) => c.knowledge.deleteSource({ id }),
    syncSource: (c) => c.knowledge.syncSource({ id }),
    setPaused: (c) => c.knowledge.setPaused({ id, paused: true }),
    cancelJob: (c) => c.knowledge.cancelJob({ id }),
    jobs: (c) => c.knowledge.jobs({ sourceId: id }),
    documents: (c) => c.knowledge.documents({ sourceId: id }),
    document: (c) => c.knowledge.document({ id }),
    deleteDocument: (c) => c.knowledge.deleteDocument({ id }),
    search: (c) => c.knowledge.search({ query: "x" }),
  };

  it.each(Object.keys(calls))("knowledge.%s is UNAUTHORIZED without a session and FORBIDDEN to a member", async (name) => {
    const h = createHarness();
    const member = await h.user("member");
    expect(await codeOf(calls[name]!(h.anonymous()))).toBe("UNAUTHORIZED");
    expect(await codeOf(calls[name]!(h.as(member.jar)))).toBe("FORBIDDEN");
  });

  it("keeps a team's sources away from other teams' builders, in lists, reads, search and uploads", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const hr = await h.as(admin).teams.create({ name: "RH" });
    const it_ = await h.as(admin).teams.create({ name: "IT" });
    const hrBuilder = await h.user("builder", [hr.id]);
    const itBuilder = await h.user("builder", [it_.id]);
    const { id } = await h.as(hrBuilder.jar).knowledge.createSource({ name: "Paie", teamId: hr.id, sensitivity: "confidential", config: { kind: "upload" } });
    expect(upload(h, hrBuilder.jar, id, "paie.md", "# Paie\n\nLa paie est versée le 28 de chaque mois.").status).toBe(200);
    await settle(h, id);

    const other = h.as(itBuilder.jar);
    expect(await other.knowledge.sources()).toHaveLength(0);
    expect(await codeOf(other.knowledge.source({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(other.knowledge.documents({ sourceId: id }))).toBe("NOT_FOUND");
    expect(await codeOf(other.knowledge.syncSource({ id }))).toBe("NOT_FOUND");
    expect((await other.knowledge.search({ query: "paie versée", sourceIds: [id] })).results).toHaveLength(0);
    expect(upload(h, itBuilder.jar, id, "x.md", "# x").status).toBe(404);
    // Only admins share a source with the whole workspace.
    expect(await codeOf(other.knowledge.createSource({ name: "Tous", teamId: null, config: { kind: "upload" } }))).toBe("BAD_REQUEST");
    // An assistant cannot be given a source its builder cannot see.
    expect(await codeOf(other.assistants.create({ name: "Spy", sourceIds: [id] }))).toBe("BAD_REQUEST");
    expect((await h.as(hrBuilder.jar).knowledge.search({ query: "paie versée" })).results).toHaveLength(1);
  });
});

describe("knowledge: teams", () => {
  it("refuses to delete a team that owns sources (they would become workspace-wide)", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const team = await api.teams.create({ name: "Paie" });
    const { id } = await api.knowledge.createSource({ name: "Bulletins", teamId: team.id, config: { kind: "upload" } });
    const refused = await api.teams.delete({ id: team.id }).catch((e) => e);
    expect(refused.code).toBe("CONFLICT");
    expect(dataOf(refused).appCode).toBe("teams.owns_sources");
    expect((await api.knowledge.source({ id })).teamId).toBe(team.id);
    await api.knowledge.deleteSource({ id });
    await api.teams.delete({ id: team.id });
  });
});

describe("knowledge: schedule and pause", () => {
  it("syncs sources on their schedule, and not while paused", async () => {
    const root = tempDir();
    writeFileSync(join(root, "a.md"), "# A\n\nFirst version.");
    const h = createHarness({ knowledge: { folderRoots: [root] } });
    const admin = await h.setupAdmin();
    const api = h.as(admin);
    const { id } = await api.knowledge.createSource({ name: "Nightly", syncIntervalMinutes: 60, config: { kind: "folder", path: root } });
    await settle(h, id);
    const jobsOf = () => h.services.db.select().from(ingestionJobs).where(eq(ingestionJobs.sourceId, id)).all();
    expect(jobsOf()).toHaveLength(1);

    // A scheduler tick after the interval has passed queues a "schedule" sync.
    h.services.db.update(knowledgeSources).set({ lastSyncAt: new Date(Date.now() - 61 * 60_000) }).where(eq(knowledgeSources.id, id)).run();
    const runner = new IngestionRunner(h.services.db, h.services.knowledge.index, { folderRoots: [root], scheduleCheckMs: 10 });
    await h.services.knowledge.runner.stop();
    runner.start();
    for (let i = 0; i < 1000 && jobsOf().length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(jobsOf().map((j) => j.trigger)).toContain("schedule");
    for (const job of jobsOf()) await runner.waitFor(job.id);

    // Paused: no scheduled sync, and "Sync now" is refused with a reason.
    await api.knowledge.setPaused({ id, paused: true });
    h.services.db.update(knowledgeSources).set({ lastSyncAt: new Date(Date.now() - 61 * 60_000) }).where(eq(knowledgeSources.id, id)).run();
    await new Promise((r) => setTimeout(r, 100));
    expect(jobsOf()).toHaveLength(2);
    const refused = await api.knowledge.syncSource({ id }).catch((e) => e);
    expect(dataOf(refused).appCode).toBe("knowledge.paused");
    await runner.stop();
  });
});
