import { Gavel } from "lucide-react";
import { Alert } from "~/components/ui/alert";
import { Card } from "~/components/ui/card";
import { useI18n } from "~/i18n";
import type { JudgeInfo } from "./types";

/** The kind of a judge prompt from its version ("correctness-v1" → "correctness"). */
function promptKind(version: string): "correctness" | "groundedness" | "relevance" | null {
  const kind = version.replace(/-v\d+$/, "");
  return kind === "correctness" || kind === "groundedness" || kind === "relevance" ? kind : null;
}

/** Who grades the answers: the workspace's judge model, or the deterministic rules; and the judge's prompts. */
export function JudgeCard({ judge }: { judge: JudgeInfo }) {
  const { t } = useI18n();
  return (
    <Card className="flex flex-col gap-4 p-5" data-testid="judge-card" data-judged={!!judge.modelId}>
      <div>
        <h3 className="flex items-center gap-2 font-semibold">
          <Gavel className="size-4 text-muted-foreground" aria-hidden />
          {t("quality.judge.title")}
        </h3>
        <p className="mt-1 text-sm text-muted-foreground">{t("quality.judge.subtitle")}</p>
      </div>
      {judge.modelId ? (
        <div className="flex flex-col gap-1">
          <p className="text-sm">
            <span className="text-muted-foreground">{t("quality.judge.model")}</span> <span className="font-medium" data-testid="judge-model">{judge.modelName}</span>
          </p>
          <p className="text-sm text-muted-foreground">{t("quality.judge.votes", { votes: judge.votes })}</p>
        </div>
      ) : (
        <div className="flex flex-col gap-1" data-testid="judge-none">
          <p className="text-sm font-medium">{t("quality.judge.none")}</p>
          <p className="text-sm text-muted-foreground">{t("quality.judge.noneHint")}</p>
        </div>
      )}
      {judge.sameAsAssistantModel && (
        <Alert variant="warning" data-testid="judge-same-model">
          {t("quality.judge.sameModel")}
        </Alert>
      )}
      <details className="group rounded-md border" data-testid="judge-prompts">
        <summary className="cursor-pointer select-none rounded-md px-3 py-2 text-sm font-medium hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          {t("quality.judge.seePrompts")}
        </summary>
        <div className="flex flex-col gap-4 border-t p-3">
          {!judge.modelId && <p className="text-xs text-muted-foreground">{t("quality.judge.promptsUnused")}</p>}
          {judge.prompts.map((p) => {
            const kind = promptKind(p.version);
            return (
              <section key={p.version} className="flex min-w-0 flex-col gap-2">
                <h4 className="text-sm font-medium">
                  {kind ? t(`quality.judge.kinds.${kind}`) : p.version} <span className="font-mono text-xs font-normal text-muted-foreground">{p.version}</span>
                </h4>
                <p className="text-xs font-medium text-muted-foreground">{t("quality.judge.system")}</p>
                <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-md bg-muted p-3 font-mono text-xs leading-relaxed">{p.system}</pre>
                <p className="text-xs font-medium text-muted-foreground">{t("quality.judge.template")}</p>
                <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-md bg-muted p-3 font-mono text-xs leading-relaxed">{p.template}</pre>
              </section>
            );
          })}
        </div>
      </details>
    </Card>
  );
}
