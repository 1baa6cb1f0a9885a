import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, FilePen, Play } from "lucide-react";
import { useNavigate } from "react-router";
import { Button } from "~/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "~/components/ui/dropdown-menu";
import { useI18n } from "~/i18n";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { qualityPath } from "./quality-shell";

/**
 * "Run now" on the current version (the draft when nothing is published yet), with "Run on
 * draft" beside it; the run's page opens and follows it.
 */
export function RunNowButton({
  assistantId,
  suiteId,
  suiteName,
  size = "sm",
  onError,
}: {
  assistantId: string;
  suiteId: string;
  suiteName: string;
  size?: "sm" | "default";
  onError: (sentence: string | null) => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const start = useMutation(
    trpc.evaluation.startRun.mutationOptions({
      onSuccess: ({ runId }) => {
        navigate(qualityPath(assistantId, `/runs/${runId}`));
        void queryClient.invalidateQueries({ queryKey: trpc.evaluation.pathKey() });
      },
      onError: (e) => onError(errors.message(e)),
    }),
  );
  const run = (target: "current" | "draft") => {
    onError(null);
    start.mutate({ suiteId, target });
  };
  return (
    <div className="flex">
      <Button
        size={size}
        className="rounded-r-none"
        onClick={() => run("current")}
        disabled={start.isPending}
        aria-label={t("quality.run.runSuite", { name: suiteName })}
        data-testid="run-now"
      >
        <Play aria-hidden />
        {start.isPending ? t("quality.run.starting") : t("quality.run.runNow")}
      </Button>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button
            size={size}
            className={cn("rounded-l-none border-l border-primary-foreground/25", size === "sm" ? "px-1.5" : "px-2")}
            disabled={start.isPending}
            aria-label={t("quality.run.moreOptions", { name: suiteName })}
            data-testid="run-menu"
          >
            <ChevronDown aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-72">
          <DropdownMenuItem onSelect={() => run("current")} data-testid="run-current">
            <Play aria-hidden />
            <div className="flex flex-col">
              <span>{t("quality.run.onCurrent")}</span>
              <span className="text-xs text-muted-foreground">{t("quality.run.onCurrentHelp")}</span>
            </div>
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => run("draft")} data-testid="run-draft">
            <FilePen aria-hidden />
            <div className="flex flex-col">
              <span>{t("quality.run.onDraft")}</span>
              <span className="text-xs text-muted-foreground">{t("quality.run.onDraftHelp")}</span>
            </div>
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}
