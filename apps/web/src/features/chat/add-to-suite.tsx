import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowRight, ListPlus } from "lucide-react";
import { Link } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { useI18n } from "~/i18n";
import { errorInfo } from "~/lib/errors";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";

/**
 * The trace drawer's footer for builders and admins: "Add to test suite" turns the answer and its
 * question into a candidate case of the assistant's suite, to review in its Quality tab.
 */
export function AddToSuite({ messageId }: { messageId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  // The drawer's own query: read from the cache, for the assistant the answer belongs to.
  const trace = useQuery(trpc.chat.trace.queryOptions({ messageId }, { staleTime: 0 }));
  const add = useMutation(
    trpc.evaluation.caseFromMessage.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.evaluation.pathKey() }),
    }),
  );
  const suite = useQuery(trpc.evaluation.suite.queryOptions({ id: add.data?.suiteId ?? "" }, { enabled: !!add.data }));

  const assistantId = trace.data?.assistant.id;
  if (!trace.data || !assistantId || trace.data.assistant.deleted || trace.data.status === "streaming") return null;

  const waitingForName = add.isSuccess && suite.isPending;
  const error = add.isError ? (errorInfo(add.error).code === "FORBIDDEN" ? t("chat.trace.addForbidden") : errors.message(add.error)) : null;
  return (
    <div className="flex flex-col gap-2 border-t bg-muted/30 px-5 py-3" data-testid="add-to-suite">
      {add.isSuccess && !waitingForName ? (
        <Alert variant="success" data-testid="add-to-suite-done" data-created={add.data.created}>
          <p>{t(add.data.created ? "chat.trace.added" : "chat.trace.alreadyAdded", { suite: suite.data?.name ?? t("chat.trace.testSuite") })}</p>
          <Link
            to={`/studio/${assistantId}/quality/suites/${add.data.suiteId}`}
            className="mt-1 inline-flex items-center gap-1 font-medium text-primary hover:underline"
            data-testid="add-to-suite-link"
          >
            {t("chat.trace.openSuite")}
            <ArrowRight className="size-3.5" aria-hidden />
          </Link>
        </Alert>
      ) : (
        <>
          {error && (
            <Alert variant="destructive" data-testid="add-to-suite-error">
              {error}
            </Alert>
          )}
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
            <p className="text-xs text-muted-foreground">{t("chat.trace.addToSuiteHelp")}</p>
            <Button
              variant="outline"
              size="sm"
              className="shrink-0 self-start sm:self-center"
              onClick={() => add.mutate({ messageId })}
              disabled={add.isPending || waitingForName}
              data-testid="add-to-suite-button"
            >
              <ListPlus aria-hidden />
              {add.isPending || waitingForName ? t("chat.trace.adding") : t("chat.trace.addToSuite")}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
