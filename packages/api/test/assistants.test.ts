import { describe, expect, it } from "vitest";
import { codeOf, createHarness, dataOf } from "./harness";

describe("assistants", () => {
  it("a builder creates, edits and deletes an assistant", async () => {
    const h = createHarness();
    const builder = await h.user("builder");
    const api = h.as(builder.jar);
    const created = await api.assistants.create({ name: "  HR helper ", description: "Answers HR questions", emoji: "🧑‍💼", instructions: "Be kind.", temperature: 0.2, maxOutputTokens: 512 });
    expect(created).toMatchObject({ name: "HR helper", visibility: "private", ownerId: builder.id, canEdit: true, model: null });
    const updated = await api.assistants.update({ id: created.id, name: "HR policy", instructions: "Cite the policy.", visibility: "workspace" });
    expect(updated).toMatchObject({ name: "HR policy", visibility: "workspace" });
    expect((await api.assistants.listEditable()).map((a) => a.name)).toEqual(["HR policy"]);
    await api.assistants.delete({ id: created.id });
    expect(await codeOf(api.assistants.byId({ id: created.id }))).toBe("NOT_FOUND");
  });

  it("returns field errors for invalid settings", async () => {
    const h = createHarness();
    const builder = await h.user("builder");
    const error = await h.as(builder.jar).assistants.create({ name: "", temperature: 5, maxOutputTokens: 3 }).catch((e) => e);
    expect(error.code).toBe("BAD_REQUEST");
    const fields = dataOf(error).fieldErrors!;
    expect(Object.keys(fields).sort()).toEqual(["maxOutputTokens", "name", "temperature"]);
  });

  it("a member cannot create assistants", async () => {
    const h = createHarness();
    const member = await h.user("member");
    const error = await h.as(member.jar).assistants.create({ name: "Mine" }).catch((e) => e);
    expect(error.code).toBe("FORBIDDEN");
    expect(dataOf(error).appCode).toBe("forbidden.builder_only");
  });

  it("a member cannot edit or delete an assistant they do not own, even one they can use", async () => {
    const h = createHarness();
    const builder = await h.user("builder");
    const member = await h.user("member");
    const shared = await h.as(builder.jar).assistants.create({ name: "Shared", visibility: "workspace" });
    expect((await h.as(member.jar).assistants.list()).map((a) => a.id)).toContain(shared.id);
    expect((await h.as(member.jar).assistants.byId({ id: shared.id })).canEdit).toBe(false);
    expect(await codeOf(h.as(member.jar).assistants.update({ id: shared.id, name: "Hijacked" }))).toBe("FORBIDDEN");
    expect(await codeOf(h.as(member.jar).assistants.delete({ id: shared.id }))).toBe("FORBIDDEN");
    expect((await h.as(builder.jar).assistants.byId({ id: shared.id })).name).toBe("Shared");
  });

  it("another builder cannot edit it either, but an admin can", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const owner = await h.user("builder");
    const other = await h.user("builder");
    const a = await h.as(owner.jar).assistants.create({ name: "Owned", visibility: "workspace" });
    expect(await codeOf(h.as(other.jar).assistants.update({ id: a.id, name: "x" }))).toBe("FORBIDDEN");
    expect((await h.as(admin).assistants.update({ id: a.id, name: "Fixed by admin", visibility: "workspace" })).name).toBe("Fixed by admin");
  });

  it("private assistants are invisible to others; team assistants only to the team", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const { id: sales } = await h.as(admin).teams.create({ name: "Sales" });
    const owner = await h.user("builder", [sales]);
    const teammate = await h.user("member", [sales]);
    const outsider = await h.user("member");
    const priv = await h.as(owner.jar).assistants.create({ name: "Private" });
    const team = await h.as(owner.jar).assistants.create({ name: "Team", visibility: "team", teamId: sales });
    expect((await h.as(teammate.jar).assistants.list()).map((a) => a.name)).toEqual(["Team"]);
    expect(await h.as(outsider.jar).assistants.list()).toEqual([]);
    expect(await codeOf(h.as(outsider.jar).assistants.byId({ id: priv.id }))).toBe("NOT_FOUND");
    expect(await codeOf(h.as(outsider.jar).assistants.byId({ id: team.id }))).toBe("NOT_FOUND");
  });

  it("team visibility needs a team the owner belongs to", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const { id: legal } = await h.as(admin).teams.create({ name: "Legal" });
    const builder = await h.user("builder");
    const missing = await h.as(builder.jar).assistants.create({ name: "x", visibility: "team" }).catch((e) => e);
    expect(dataOf(missing).fieldErrors).toHaveProperty("teamId");
    const foreign = await h.as(builder.jar).assistants.create({ name: "x", visibility: "team", teamId: legal }).catch((e) => e);
    expect(foreign.code).toBe("BAD_REQUEST");
    expect(dataOf(foreign).fieldErrors?.teamId?.[0]).toMatch(/team you belong to/);
  });

  it("rejects malformed ids before touching the database", async () => {
    const h = createHarness();
    const builder = await h.user("builder");
    const error = await h.as(builder.jar).assistants.byId({ id: "../../etc/passwd" }).catch((e) => e);
    expect(error.code).toBe("BAD_REQUEST");
    expect(dataOf(error).fieldErrors?.id).toEqual(["Malformed id"]);
  });
});

describe("users and teams", () => {
  it("an admin adds a user with a role and teams", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const { id: ops } = await h.as(admin).teams.create({ name: "Ops" });
    const { id } = await h.as(admin).users.create({ name: "Bob", email: "bob@acme.test", password: "a long password", role: "builder", teamIds: [ops] });
    const bob = (await h.as(admin).users.list()).find((u) => u.id === id)!;
    expect(bob).toMatchObject({ role: "builder", teams: [{ id: ops, name: "Ops" }] });
    expect(dataOf(await h.as(admin).users.create({ name: "Bob2", email: "BOB@acme.test", password: "a long password", role: "member" }).catch((e) => e)).appCode).toBe("users.email_taken");
  });

  it("the last admin cannot be demoted or disabled", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const me = (await h.as(admin).auth.session()).user!;
    expect(await codeOf(h.as(admin).users.update({ id: me.id, role: "member" }))).toBe("CONFLICT");
    expect(await codeOf(h.as(admin).users.update({ id: me.id, disabled: true }))).toBe("CONFLICT");
  });

  it("deleting a team turns its assistants private instead of orphaning them", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const { id: t } = await h.as(admin).teams.create({ name: "Temp" });
    const owner = await h.user("builder", [t]);
    const a = await h.as(owner.jar).assistants.create({ name: "T", visibility: "team", teamId: t });
    await h.as(admin).teams.delete({ id: t });
    expect(await h.as(owner.jar).assistants.byId({ id: a.id })).toMatchObject({ visibility: "private", teamId: null });
  });
});
