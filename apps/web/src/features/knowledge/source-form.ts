import type { CreateSourceInput, Sensitivity, SourceKind, UpdateSourceInput } from "@atelier/validators";

/** The "Sync automatically" choices, in minutes; "" is Never. */
export const syncIntervals = [
  { value: "", key: "never" },
  { value: "60", key: "hour" },
  { value: "1440", key: "day" },
  { value: "10080", key: "week" },
] as const;

/** What the source dialog edits, as the strings of its fields. */
export interface SourceValues {
  kind: SourceKind;
  name: string;
  description: string;
  /** "" = the whole workspace (admins) or not chosen yet (builders). */
  teamId: string;
  sensitivity: Sensitivity;
  /** Minutes between automatic syncs; "" = never. */
  interval: string;
  path: string;
  url: string;
  maxDepth: string;
  maxPages: string;
}

export const emptySource: SourceValues = {
  kind: "upload",
  name: "",
  description: "",
  teamId: "",
  sensitivity: "internal",
  interval: "",
  path: "",
  url: "",
  maxDepth: "2",
  maxPages: "200",
};

/** A stored source back into the dialog's fields. */
export function valuesOfSource(source: {
  kind: SourceKind;
  name: string;
  description: string;
  teamId: string | null;
  sensitivity: Sensitivity;
  syncIntervalMinutes: number | null;
  config: unknown;
}): SourceValues {
  const config = (source.config ?? {}) as { path?: string; url?: string; maxDepth?: number; maxPages?: number };
  return {
    kind: source.kind,
    name: source.name,
    description: source.description,
    teamId: source.teamId ?? "",
    sensitivity: source.sensitivity,
    interval: source.syncIntervalMinutes === null ? "" : String(source.syncIntervalMinutes),
    path: config.path ?? "",
    url: config.url ?? "",
    maxDepth: String(config.maxDepth ?? 2),
    maxPages: String(config.maxPages ?? 200),
  };
}

/** Empty or non-numeric text becomes NaN, so the shared schema reports "Enter a number". */
function whole(text: string): number {
  const trimmed = text.trim();
  return trimmed === "" ? Number.NaN : Number(trimmed);
}

function configOf(v: SourceValues): CreateSourceInput["config"] {
  switch (v.kind) {
    case "upload":
      return { kind: "upload" };
    case "folder":
      return { kind: "folder", path: v.path };
    case "website":
      return { kind: "website", url: v.url, maxDepth: whole(v.maxDepth), maxPages: whole(v.maxPages) };
  }
}

export function toCreateSourceInput(v: SourceValues): CreateSourceInput {
  return {
    name: v.name,
    description: v.description,
    teamId: v.teamId || null,
    sensitivity: v.sensitivity,
    syncIntervalMinutes: v.kind === "upload" || v.interval === "" ? null : whole(v.interval),
    config: configOf(v),
  };
}

/** Uploads have no connector settings and no schedule: those fields are left out. */
export function toUpdateSourceInput(id: string, v: SourceValues): UpdateSourceInput {
  const { config, syncIntervalMinutes, ...rest } = toCreateSourceInput(v);
  return v.kind === "upload" ? { id, ...rest } : { id, ...rest, syncIntervalMinutes, config };
}

/**
 * The client's schema reports connector fields under "config.path"; the server reports them
 * as "path". One field error per form field, whichever side found it.
 */
export function sourceFieldError(errors: Record<string, string>, field: "name" | "description" | "teamId" | "sensitivity" | "syncIntervalMinutes" | "path" | "url" | "maxDepth" | "maxPages"): string | undefined {
  return errors[field] ?? errors[`config.${field}`] ?? (field === "path" || field === "url" ? errors.config : undefined);
}
