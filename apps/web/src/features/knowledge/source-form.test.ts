import { createSourceInput, updateSourceInput } from "@atelier/validators";
import { describe, expect, it } from "vitest";
import { emptySource, sourceFieldError, toCreateSourceInput, toUpdateSourceInput, valuesOfSource } from "./source-form";

describe("source form", () => {
  it("sends only the connector settings of the chosen kind", () => {
    const website = toCreateSourceInput({ ...emptySource, kind: "website", name: "Handbook", url: "https://intranet.example.com/", path: "/ignored", interval: "1440" });
    expect(website).toEqual({
      name: "Handbook",
      description: "",
      teamId: null,
      sensitivity: "internal",
      syncIntervalMinutes: 1440,
      config: { kind: "website", url: "https://intranet.example.com/", maxDepth: 2, maxPages: 200 },
    });
    expect(createSourceInput.safeParse(website).success).toBe(true);
    const upload = toCreateSourceInput({ ...emptySource, name: "Files", interval: "60" });
    expect(upload.syncIntervalMinutes).toBeNull();
    expect(upload.config).toEqual({ kind: "upload" });
  });

  it("lets the shared schema report empty numbers and missing paths", () => {
    const parsed = createSourceInput.safeParse(toCreateSourceInput({ ...emptySource, kind: "website", name: "x", url: "https://a.example", maxDepth: "" }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["config", "maxDepth"]);
    const folder = createSourceInput.safeParse(toCreateSourceInput({ ...emptySource, kind: "folder", name: "x" }));
    expect(folder.error?.issues.map((i) => i.path.join("."))).toEqual(["config.path"]);
  });

  it("round-trips a stored source and leaves an upload's schedule alone on edit", () => {
    const values = valuesOfSource({ kind: "folder", name: "HR", description: "", teamId: null, sensitivity: "secret", syncIntervalMinutes: 60, config: { path: "/srv/hr" } });
    expect(values).toMatchObject({ kind: "folder", path: "/srv/hr", interval: "60", teamId: "", sensitivity: "secret" });
    expect(toUpdateSourceInput("a".repeat(20), values)).toMatchObject({ syncIntervalMinutes: 60, config: { kind: "folder", path: "/srv/hr" } });
    const upload = toUpdateSourceInput("a".repeat(20), { ...emptySource, name: "Files" });
    expect(upload).not.toHaveProperty("config");
    expect(upload).not.toHaveProperty("syncIntervalMinutes");
    expect(updateSourceInput.safeParse(upload).success).toBe(true);
  });

  it("finds a connector field's error under either name", () => {
    expect(sourceFieldError({ "config.path": "Enter the folder's path on the server" }, "path")).toMatch(/folder/);
    expect(sourceFieldError({ path: "Outside the allowed folders" }, "path")).toMatch(/allowed/);
    expect(sourceFieldError({ name: "Name is required" }, "path")).toBeUndefined();
  });
});
