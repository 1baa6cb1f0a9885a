import { Globe, Pencil, Plus, ShieldQuestion, Trash2 } from "lucide-react";
import { useMemo, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Switch } from "~/components/ui/switch";
import { useT } from "~/i18n";
import { builtInTools, MAX_HTTP_ACTIONS, type HttpActionValues } from "./assistant-values";
import { errorUnder, GroupError, SectionCard, type SectionProps } from "./editor-section";
import { HttpActionDialog } from "./http-action-dialog";
import { asksBeforeRunning, outlineOpenApi } from "./openapi-outline";

/**
 * Tools: the built-in ones as switches, and HTTP actions built from an OpenAPI specification.
 * The labels and descriptions are those of the agent's tool catalog.
 */
export function ToolsSection({
  values,
  set,
  errors,
  readOnly,
  builtinEngine,
  modelSupportsTools,
  hasSources,
}: SectionProps & { builtinEngine: boolean; modelSupportsTools: boolean; hasSources: boolean }) {
  const t = useT();
  const tools = values.tools;
  const [editing, setEditing] = useState<{ index: number | null } | null>(null);
  const anyOn = builtInTools.some((k) => tools[k]) || tools.httpActions.length > 0;
  const setActions = (httpActions: HttpActionValues[]) => set("tools", { ...tools, httpActions });

  return (
    <SectionCard id="tools" title={t("studio.sections.tools")} description={t("studio.tools.help")}>
      {builtinEngine ? (
        <Alert variant="info" data-testid="tools-builtin-note">
          {t("studio.tools.builtinEngine")}
        </Alert>
      ) : (
        anyOn &&
        !modelSupportsTools && (
          <Alert variant="warning" data-testid="tools-model-warning">
            {t("studio.tools.modelWithoutTools")}
          </Alert>
        )
      )}
      <ul className="flex flex-col divide-y rounded-md border">
        {builtInTools.map((key) => (
          <li key={key} className="flex items-start gap-4 p-3.5">
            <div className="min-w-0 flex-1">
              <p id={`tool-${key}-label`} className="text-sm font-medium">
                {t(`studio.tools.catalog.${key}.label`)}
              </p>
              <p id={`tool-${key}-help`} className="text-xs text-muted-foreground">
                {t(`studio.tools.catalog.${key}.description`)}
              </p>
              {key === "knowledgeSearch" && tools.knowledgeSearch && !hasSources && (
                <p className="mt-1 text-xs font-medium text-amber-800" data-testid="tool-needs-sources">
                  {t("studio.tools.needsSources")}
                </p>
              )}
            </div>
            <Switch
              checked={tools[key]}
              onCheckedChange={(on) => set("tools", { ...tools, [key]: on })}
              disabled={readOnly}
              aria-labelledby={`tool-${key}-label`}
              aria-describedby={`tool-${key}-help`}
              data-testid={`tool-switch-${key}`}
              className="mt-0.5"
            />
          </li>
        ))}
      </ul>

      <div className="flex flex-col gap-3 border-t pt-5">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h3 className="text-sm font-medium">{t("studio.http.title")}</h3>
            <p className="mt-0.5 text-xs text-muted-foreground">{t("studio.http.help")}</p>
          </div>
          {!readOnly && (
            <Button variant="outline" size="sm" onClick={() => setEditing({ index: null })} disabled={tools.httpActions.length >= MAX_HTTP_ACTIONS} data-testid="http-action-add">
              <Plus aria-hidden />
              {t("studio.http.add")}
            </Button>
          )}
        </div>
        {tools.httpActions.length === 0 ? (
          <p className="rounded-md border border-dashed p-4 text-sm text-muted-foreground">{t("studio.http.empty")}</p>
        ) : (
          <ul className="flex flex-col gap-2">
            {tools.httpActions.map((action, i) => (
              <HttpActionCard
                key={action.id}
                action={action}
                error={errorUnder(errors, `tools.httpActions.${i}`)}
                readOnly={readOnly}
                onEdit={() => setEditing({ index: i })}
                onRemove={() => setActions(tools.httpActions.filter((_, j) => j !== i))}
              />
            ))}
          </ul>
        )}
        <GroupError message={errors["tools.httpActions"] ?? errors.tools} />
      </div>

      {editing && (
        <HttpActionDialog
          action={editing.index === null ? undefined : tools.httpActions[editing.index]}
          onClose={() => setEditing(null)}
          onSave={(action) => {
            setActions(editing.index === null ? [...tools.httpActions, action] : tools.httpActions.map((a, j) => (j === editing.index ? action : a)));
            setEditing(null);
          }}
        />
      )}
    </SectionCard>
  );
}

function HttpActionCard({ action, error, readOnly, onEdit, onRemove }: { action: HttpActionValues; error?: string; readOnly: boolean; onEdit: () => void; onRemove: () => void }) {
  const t = useT();
  const outline = useMemo(() => outlineOpenApi(action.specText), [action.specText]);
  const picked = outline.operations.filter((o) => action.operationIds.includes(o.operationId));
  const asking = picked.filter((o) => asksBeforeRunning(o.method)).length;
  const baseUrl = action.baseUrl || outline.servers[0];
  return (
    <li className="flex flex-col gap-2 rounded-md border p-3.5" data-testid="http-action" data-name={action.name}>
      <div className="flex items-start gap-3">
        <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-primary/10 text-primary">
          <Globe className="size-4" aria-hidden />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium">{action.name}</p>
          <p className="truncate text-xs text-muted-foreground">
            {action.operationIds.length === 1 ? t("studio.http.operationsOne") : t("studio.http.operations", { count: action.operationIds.length })}
            {baseUrl ? ` · ${baseUrl}` : ""}
            {" · "}
            {t(`studio.http.auth.${action.authType}`)}
          </p>
        </div>
        {!readOnly && (
          <div className="flex shrink-0 gap-1">
            <Button variant="ghost" size="icon" onClick={onEdit} aria-label={t("studio.http.editAction", { name: action.name })} data-testid="http-action-edit">
              <Pencil aria-hidden />
            </Button>
            <Button variant="ghost" size="icon" onClick={onRemove} aria-label={t("studio.http.removeAction", { name: action.name })} data-testid="http-action-remove">
              <Trash2 aria-hidden />
            </Button>
          </div>
        )}
      </div>
      {picked.length > 0 && (
        <ul className="flex flex-wrap gap-1.5 pl-11">
          {picked.map((o) => (
            <li key={o.operationId}>
              <Badge variant={asksBeforeRunning(o.method) ? "warning" : "secondary"} title={o.summary ?? o.path}>
                <span className="font-mono">{o.method}</span> {o.operationId}
              </Badge>
            </li>
          ))}
        </ul>
      )}
      {asking > 0 && (
        <p className="flex items-center gap-1.5 pl-11 text-xs text-muted-foreground">
          <ShieldQuestion className="size-3.5" aria-hidden />
          {t("studio.http.asksSummary", { count: asking })}
        </p>
      )}
      {error && (
        <p role="alert" data-testid="field-error" className="pl-11 text-xs font-medium text-destructive">
          {error}
        </p>
      )}
    </li>
  );
}
