import { describe, expect, it } from "vitest";
import { sessions } from "@atelier/db";
import { CookieJar, codeOf, createHarness, dataOf } from "./harness";

describe("first-run setup", () => {
  it("reports that setup is required until the first admin exists", async () => {
    const h = createHarness();
    expect(await h.anonymous().auth.session()).toEqual({ setupRequired: true, user: null });
    const jar = await h.setupAdmin();
    expect(jar.token).toBeTruthy();
    const session = await h.as(jar).auth.session();
    expect(session.setupRequired).toBe(false);
    expect(session.user).toMatchObject({ email: "ada@acme.test", role: "admin" });
  });

  it("refuses a second setup, so nobody can take over an installed workspace", async () => {
    const h = createHarness();
    await h.setupAdmin();
    const error = await h.anonymous().auth.setup({ workspaceName: "Evil", name: "Eve", email: "eve@evil.test", password: "0123456789" }).catch((e) => e);
    expect(error.code).toBe("CONFLICT");
    expect(dataOf(error).appCode).toBe("setup.already_done");
  });

  it("returns field errors for a weak password and a bad email", async () => {
    const h = createHarness();
    const error = await h.anonymous().auth.setup({ workspaceName: "ACME", name: "A", email: "not-an-email", password: "short" }).catch((e) => e);
    expect(error.code).toBe("BAD_REQUEST");
  });

  it("stores a scrypt hash, never the password", async () => {
    const h = createHarness();
    await h.setupAdmin();
    const row = h.services.db.query.users.findFirst().sync();
    expect(row?.passwordHash).toMatch(/^scrypt\$/);
    expect(row?.passwordHash).not.toContain("correct horse");
  });
});

describe("sign-in", () => {
  it("signs in with the right password and out again", async () => {
    const h = createHarness();
    await h.setupAdmin();
    const jar = new CookieJar();
    await h.as(jar).auth.login({ email: "ADA@acme.test ", password: "correct horse battery" });
    expect((await h.as(jar).auth.session()).user?.email).toBe("ada@acme.test");
    await h.as(jar).auth.logout();
    expect(jar.token).toBeNull();
  });

  it("a signed-out token no longer works", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    const stolen = new CookieJar();
    stolen.token = jar.token;
    await h.as(jar).auth.logout();
    expect(await codeOf(h.as(stolen).assistants.list())).toBe("UNAUTHORIZED");
  });

  it("rejects a wrong password with a generic message", async () => {
    const h = createHarness();
    await h.setupAdmin();
    const error = await h.anonymous().auth.login({ email: "ada@acme.test", password: "wrong password" }).catch((e) => e);
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toBe("Wrong email or password.");
  });

  it("slows down repeated wrong passwords per account, even across IP addresses", async () => {
    const h = createHarness();
    await h.setupAdmin();
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push(await codeOf(h.as(new CookieJar(), `10.0.0.${i}`).auth.login({ email: "ada@acme.test", password: `guess ${i}` })));
    expect(codes.slice(0, 4)).toEqual(["UNAUTHORIZED", "UNAUTHORIZED", "UNAUTHORIZED", "UNAUTHORIZED"]);
    expect(codes[4]).toBe("TOO_MANY_REQUESTS");
    // Even the right password waits until the lock expires.
    const error = await h.as(new CookieJar(), "10.9.9.9").auth.login({ email: "ada@acme.test", password: "correct horse battery" }).catch((e) => e);
    expect(error.code).toBe("TOO_MANY_REQUESTS");
    expect(error.message).toMatch(/Try again in \d+ seconds/);
    expect(dataOf(error).retryAfterSeconds).toBeGreaterThan(0);
  });

  it("slows down one IP address guessing many accounts", async () => {
    const h = createHarness();
    await h.setupAdmin();
    let last = "";
    for (let i = 0; i < 21; i++) last = await codeOf(h.as(new CookieJar(), "10.6.6.6").auth.login({ email: `user${i}@acme.test`, password: "guess" }));
    expect(last).toBe("TOO_MANY_REQUESTS");
    // Another address is not affected.
    expect(await codeOf(h.as(new CookieJar(), "10.7.7.7").auth.login({ email: "ada@acme.test", password: "correct horse battery" }))).toBe("OK");
  });

  it("an expired session is refused", async () => {
    const h = createHarness();
    const jar = await h.setupAdmin();
    h.services.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).run();
    const error = await h.as(jar).assistants.list().catch((e) => e);
    expect(error.code).toBe("UNAUTHORIZED");
    expect(dataOf(error).appCode).toBe("auth.required");
  });

  it("a disabled user is signed out and cannot sign in", async () => {
    const h = createHarness();
    const admin = await h.setupAdmin();
    const bob = await h.user("member");
    await h.as(admin).users.update({ id: bob.id, disabled: true });
    expect(await codeOf(h.as(bob.jar).assistants.list())).toBe("UNAUTHORIZED");
    const error = await h.anonymous().auth.login({ email: bob.email, password: "long enough password" }).catch((e) => e);
    expect(dataOf(error).appCode).toBe("auth.disabled");
  });
});

describe("every procedure is authorized", () => {
  const id = "0123456789abcdefghij";
  const calls: Record<string, (c: any) => Promise<unknown>> = {
    "workspace.info": (c) => c.workspace.info(),
    "assistants.list": (c) => c.assistants.list(),
    "assistants.listEditable": (c) => c.assistants.listEditable(),
    "assistants.byId": (c) => c.assistants.byId({ id }),
    "assistants.create": (c) => c.assistants.create({ name: "x" }),
    "assistants.update": (c) => c.assistants.update({ id, name: "x" }),
    "assistants.delete": (c) => c.assistants.delete({ id }),
    "chat.conversations": (c) => c.chat.conversations(),
    "chat.conversation": (c) => c.chat.conversation({ id }),
    "chat.rename": (c) => c.chat.rename({ id, title: "x" }),
    "chat.delete": (c) => c.chat.delete({ id }),
    "chat.send": (c) => c.chat.send({ assistantId: id, content: "hi" }),
    "chat.stop": (c) => c.chat.stop({ messageId: id }),
    "chat.onMessage": (c) => c.chat.onMessage({ messageId: id }),
    "users.list": (c) => c.users.list(),
    "users.create": (c) => c.users.create({ name: "x", email: "x@x.test", password: "0123456789", role: "member" }),
    "users.update": (c) => c.users.update({ id, role: "admin" }),
    "teams.list": (c) => c.teams.list(),
    "teams.create": (c) => c.teams.create({ name: "x" }),
    "teams.rename": (c) => c.teams.rename({ id, name: "x" }),
    "teams.delete": (c) => c.teams.delete({ id }),
    "assistants.publish": (c) => c.assistants.publish({ id }),
    "assistants.versions": (c) => c.assistants.versions({ assistantId: id }),
    "assistants.diff": (c) => c.assistants.diff({ assistantId: id, from: "draft", to: id }),
    "assistants.restore": (c) => c.assistants.restore({ versionId: id }),
    "assistants.editors": (c) => c.assistants.editors({ id }),
    "assistants.setEditors": (c) => c.assistants.setEditors({ id, userIds: [] }),
    "assistants.duplicate": (c) => c.assistants.duplicate({ id }),
    "assistants.exportYaml": (c) => c.assistants.exportYaml({ id }),
    "assistants.importYaml": (c) => c.assistants.importYaml({ yaml: "x: 1" }),
    "assistants.templates": (c) => c.assistants.templates({ language: "en" }),
    "assistants.createFromTemplate": (c) => c.assistants.createFromTemplate({ templateId: "hr-policy", language: "en" }),
    "chat.regenerate": (c) => c.chat.regenerate({ messageId: id }),
    "chat.editAndResend": (c) => c.chat.editAndResend({ messageId: id, content: "x" }),
    "chat.feedback": (c) => c.chat.feedback({ messageId: id, rating: "up" }),
    "chat.removeFeedback": (c) => c.chat.removeFeedback({ messageId: id }),
    "chat.trace": (c) => c.chat.trace({ messageId: id }),
    "chat.approve": (c) => c.chat.approve({ messageId: id, callId: "call_0", approved: true }),
    "secrets.list": (c) => c.secrets.list(),
    "secrets.create": (c) => c.secrets.create({ name: "x", value: "secret-value" }),
    "secrets.delete": (c) => c.secrets.delete({ id }),
    "auth.logout": (c) => c.auth.logout(),
    "auth.setLocale": (c) => c.auth.setLocale({ locale: "fr" }),
  };

  it.each(Object.keys(calls))("%s is UNAUTHORIZED without a session", async (name) => {
    const h = createHarness();
    await h.setupAdmin();
    expect(await codeOf(calls[name]!(h.anonymous()))).toBe("UNAUTHORIZED");
  });

  it.each([
    "assistants.create",
    "assistants.publish",
    "assistants.versions",
    "assistants.setEditors",
    "assistants.duplicate",
    "assistants.exportYaml",
    "assistants.importYaml",
    "assistants.templates",
    "assistants.createFromTemplate",
    "secrets.list",
    "secrets.create",
    "secrets.delete",
  ])("%s is FORBIDDEN to a member", async (name) => {
    const h = createHarness();
    const member = await h.user("member");
    expect(await codeOf(calls[name]!(h.as(member.jar)))).toBe("FORBIDDEN");
  });

  it.each(["users.list", "users.create", "users.update", "teams.create", "teams.rename", "teams.delete"])("%s is FORBIDDEN to a builder", async (name) => {
    const h = createHarness();
    const builder = await h.user("builder");
    expect(await codeOf(calls[name]!(h.as(builder.jar)))).toBe("FORBIDDEN");
  });
});
