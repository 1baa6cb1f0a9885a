import { useQuery } from "@tanstack/react-query";
import { Minus, Plus } from "lucide-react";
import type { ReactNode } from "react";
import { useUser } from "~/features/auth/use-session";
import { useT, type Translate } from "~/i18n";
import { localModelName } from "~/lib/model-name";
import { useTRPC, type AssistantDetail, type SourceRow, type UsableModel } from "~/lib/trpc";
import { cn } from "~/lib/utils";
import { builtInTools } from "./assistant-values";
import type { VersionDiffResult as Diff } from "./types";

type Field = Diff["fields"][number]["field"];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A configuration value as a person reads it: model and source names, tool labels, lists. */
function describe(field: Field, value: unknown, ctx: { t: Translate; models: UsableModel[]; sources: SourceRow[]; assistant: AssistantDetail }): ReactNode {
  const { t } = ctx;
  const none = <span className="italic text-muted-foreground">{t("studio.diff.none")}</span>;
  switch (field) {
    case "modelId": {
      if (!value) return t("studio.diff.defaultModel");
      const model = ctx.models.find((m) => m.id === value);
      if (model) return localModelName(model.displayName, t);
      if (ctx.assistant.model?.id === value) return localModelName(ctx.assistant.model.displayName, t);
      return t("studio.diff.unavailableModel");
    }
    case "sourceIds": {
      const ids = Array.isArray(value) ? (value as string[]) : [];
      if (ids.length === 0) return none;
      const names = ids.flatMap((id) => ctx.sources.filter((s) => s.id === id).map((s) => s.name));
      const hidden = ids.length - names.length;
      return (
        <ul className="flex flex-col gap-0.5">
          {names.map((n) => (
            <li key={n}>{n}</li>
          ))}
          {hidden > 0 && <li className="text-muted-foreground">{t("studio.diff.otherSources", { count: hidden })}</li>}
        </ul>
      );
    }
    case "tools": {
      const tools = isRecord(value) ? value : {};
      const on = builtInTools.filter((k) => tools[k]).map((k) => t(`studio.tools.catalog.${k}.label`));
      const actions = Array.isArray(tools.httpActions) ? (tools.httpActions as { name?: string; operationIds?: string[] }[]) : [];
      const items = [...on, ...actions.map((a) => t("studio.diff.httpAction", { name: a.name ?? "?", count: a.operationIds?.length ?? 0 }))];
      return items.length ? (
        <ul className="flex flex-col gap-0.5">
          {items.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      ) : (
        none
      );
    }
    case "starters": {
      const list = Array.isArray(value) ? (value as string[]) : [];
      return list.length ? (
        <ul className="flex list-disc flex-col gap-0.5 pl-4">
          {list.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      ) : (
        none
      );
    }
    case "knowledgeStrictness":
      return typeof value === "string" && ["knowledge_only", "prefer_knowledge", "open"].includes(value) ? t(`studio.strictness.${value as "open"}`) : String(value);
    default:
      return value === "" || value === null || value === undefined ? none : String(value);
  }
}

/** What changed between two configurations: a table of settings, then the instructions line by line. */
export function VersionDiff({ diff, assistant }: { diff: Diff; assistant: AssistantDetail }) {
  const t = useT();
  const trpc = useTRPC();
  const user = useUser();
  const models = useQuery(trpc.models.usable.queryOptions());
  const sources = useQuery(trpc.knowledge.sources.queryOptions(undefined, { enabled: user.role !== "member" }));
  const ctx = { t, models: models.data ?? [], sources: sources.data ?? [], assistant };
  const label = (ref: string) => (ref === "draft" ? t("studio.history.draft") : ref);
  const nothing = diff.fields.length === 0 && !diff.instructionsChanged;

  return (
    <div className="flex flex-col gap-5" data-testid="version-diff">
      <p className="text-sm">
        {t("studio.diff.between", { from: label(diff.from), to: label(diff.to) })}
      </p>
      {nothing ? (
        <p className="rounded-md border border-dashed p-4 text-sm text-muted-foreground" data-testid="diff-identical">
          {t("studio.diff.identical")}
        </p>
      ) : (
        <>
          {diff.fields.length > 0 && (
            <div className="overflow-x-auto rounded-md border">
              <table className="w-full text-sm" data-testid="diff-fields">
                <caption className="sr-only">{t("studio.diff.fieldsCaption")}</caption>
                <thead className="bg-muted/40 text-left text-xs text-muted-foreground">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">
                      {t("studio.diff.setting")}
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      {label(diff.from)}
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      {label(diff.to)}
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y">
                  {diff.fields.map((f) => (
                    <tr key={f.field} className="align-top" data-testid="diff-field" data-field={f.field}>
                      <th scope="row" className="whitespace-nowrap px-3 py-2 text-left font-medium">
                        {t(`studio.diff.fields.${f.field}`)}
                      </th>
                      <td className="px-3 py-2 text-destructive/90">{describe(f.field, f.before, ctx)}</td>
                      <td className="px-3 py-2 text-success">{describe(f.field, f.after, ctx)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {diff.instructionsChanged && (
            <div className="flex flex-col gap-2">
              <h3 className="text-sm font-medium">{t("studio.diff.instructions")}</h3>
              <ol className="overflow-x-auto rounded-md border bg-card py-1 font-mono text-xs leading-relaxed" data-testid="diff-instructions" aria-label={t("studio.diff.instructions")}>
                {diff.instructions.map((line, i) => (
                  <li
                    key={i}
                    className={cn(
                      "flex gap-2 whitespace-pre-wrap break-words px-3",
                      line.kind === "added" && "bg-success/10 text-foreground",
                      line.kind === "removed" && "bg-destructive/10 text-foreground line-through decoration-destructive/40",
                      line.kind === "same" && "text-muted-foreground",
                    )}
                    data-kind={line.kind}
                  >
                    <span className="w-3 shrink-0 select-none" aria-hidden>
                      {line.kind === "added" ? <Plus className="mt-1 size-3 text-success" /> : line.kind === "removed" ? <Minus className="mt-1 size-3 text-destructive" /> : null}
                    </span>
                    <span className="sr-only">{line.kind === "added" ? t("studio.diff.added") : line.kind === "removed" ? t("studio.diff.removed") : ""}</span>
                    <span className="min-w-0 flex-1">{line.text || "\u00a0"}</span>
                  </li>
                ))}
              </ol>
            </div>
          )}
        </>
      )}
    </div>
  );
}
