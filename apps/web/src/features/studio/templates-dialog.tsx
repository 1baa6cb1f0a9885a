import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BookOpen, LayoutTemplate } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { EmptyState } from "~/components/ui/empty-state";
import { Skeleton, Spinner } from "~/components/ui/skeleton";
import { useI18n } from "~/i18n";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { builtInTools } from "./assistant-values";

/**
 * "New assistant → From a template": the gallery in the UI's language. Picking one creates a
 * private draft and opens it in the editor.
 */
export function TemplatesDialog({ onClose }: { onClose: () => void }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const templates = useQuery(trpc.assistants.templates.queryOptions({ language: locale }));
  const [picked, setPicked] = useState<string | null>(null);
  const create = useMutation(
    trpc.assistants.createFromTemplate.mutationOptions({
      onSuccess: async (created, { templateId }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.assistants.pathKey() });
        onClose();
        navigate(`/studio/${created.id}`, { state: { knowledgeHint: templates.data?.find((tpl) => tpl.id === templateId)?.knowledgeHint } });
      },
      onError: () => setPicked(null),
    }),
  );

  return (
    <Dialog open onOpenChange={(open) => !open && !create.isPending && onClose()}>
      <DialogContent className="max-w-3xl">
        <DialogHeader>
          <DialogTitle>{t("studio.templates.title")}</DialogTitle>
          <DialogDescription>{t("studio.templates.body")}</DialogDescription>
        </DialogHeader>
        {create.isError && <Alert variant="destructive">{errors.message(create.error)}</Alert>}
        {templates.isPending ? (
          <div className="grid gap-3 sm:grid-cols-2">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} className="h-40" />
            ))}
          </div>
        ) : templates.isError ? (
          <Alert variant="destructive">{errors.message(templates.error)}</Alert>
        ) : templates.data.length === 0 ? (
          <EmptyState icon={LayoutTemplate} title={t("studio.templates.empty")} />
        ) : (
          <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            {templates.data.map((tpl) => {
              const tools = builtInTools.filter((k) => tpl.tools[k]);
              return (
                <li key={tpl.id}>
                  <button
                    type="button"
                    onClick={() => {
                      setPicked(tpl.id);
                      create.mutate({ templateId: tpl.id, language: locale });
                    }}
                    disabled={create.isPending}
                    className="flex h-full w-full flex-col gap-2.5 rounded-lg border bg-card p-4 text-left shadow-sm transition hover:border-primary/40 hover:shadow-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:cursor-wait disabled:opacity-70"
                    data-testid="template-card"
                    data-template={tpl.id}
                    aria-label={t("studio.templates.use", { name: tpl.name })}
                  >
                    <span className="flex items-center gap-3">
                      <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-muted text-xl" aria-hidden>
                        {tpl.emoji}
                      </span>
                      <span className="min-w-0 flex-1 font-medium">{tpl.name}</span>
                      {picked === tpl.id && create.isPending && <Spinner label={t("studio.templates.creating")} />}
                    </span>
                    <span className="text-sm text-muted-foreground">{tpl.description}</span>
                    <span className="flex items-start gap-1.5 text-xs text-muted-foreground">
                      <BookOpen className="mt-0.5 size-3.5 shrink-0" aria-hidden />
                      <span>{t("studio.templates.knowledge", { hint: tpl.knowledgeHint })}</span>
                    </span>
                    {tools.length > 0 && (
                      <span className="mt-auto flex flex-wrap gap-1.5">
                        {tools.map((k) => (
                          <Badge key={k} variant="secondary">
                            {t(`studio.tools.catalog.${k}.label`)}
                          </Badge>
                        ))}
                      </span>
                    )}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </DialogContent>
    </Dialog>
  );
}
