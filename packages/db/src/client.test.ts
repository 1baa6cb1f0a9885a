import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "./client";
import { newId } from "./ids";
import { teamMembers, teams, users } from "./schema";

let handle: DatabaseHandle;
afterEach(() => handle?.close());

describe("openDatabase", () => {
  it("turns on WAL and foreign keys and applies the migrations", () => {
    handle = openDatabase(":memory:");
    expect(handle.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    const tables = handle.sqlite.prepare("select name from sqlite_master where type = 'table'").all().map((r: any) => r.name);
    expect(tables).toEqual(expect.arrayContaining(["users", "assistants", "conversations", "messages", "providers", "models", "model_calls", "usage_daily"]));
    expect(() => handle.db.insert(teamMembers).values({ teamId: "nope", userId: "nope" }).run()).toThrow(/FOREIGN KEY/);
  });

  it("reuses compiled statements without mixing row shapes between raw and object reads", () => {
    handle = openDatabase(":memory:");
    const id = newId();
    handle.db.insert(users).values({ id, email: "a@b.test", name: "A", passwordHash: "x" }).run();
    handle.db.insert(teams).values({ id: newId(), name: "T" }).run();
    for (let i = 0; i < 3; i++) {
      // drizzle reads selected fields in raw (array) mode and relational queries as objects.
      expect(handle.db.select({ name: users.name }).from(users).where(eq(users.id, id)).get()).toEqual({ name: "A" });
      expect(handle.db.query.users.findFirst({ columns: { name: true } }).sync()).toEqual({ name: "A" });
      expect(handle.sqlite.prepare("select name from users").get()).toEqual({ name: "A" });
    }
    expect(handle.sqlite.prepare("select 1 as one")).toBe(handle.sqlite.prepare("select 1 as one"));
  });
});
