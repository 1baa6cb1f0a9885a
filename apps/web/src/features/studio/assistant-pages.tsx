import { useQuery } from "@tanstack/react-query";
import { useLocation, useParams } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { isNotFound } from "~/lib/errors";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { NotFoundPage } from "~/routes/not-found";
import { AssistantEditor } from "./assistant-editor";
import { emptyAssistant, valuesOf } from "./assistant-values";
import { HistoryView } from "./history-view";
import { StudioPage } from "./studio-page";

export function NewAssistantPage() {
  const user = useUser();
  // Members cannot create assistants: the Studio page explains why.
  if (user.role === "member") return <StudioPage />;
  return <AssistantEditor initial={emptyAssistant} />;
}

function EditorSkeleton() {
  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-4 px-4 py-6 sm:px-8">
      <Skeleton className="h-10 w-72" />
      <Skeleton className="h-56" />
      <Skeleton className="h-72" />
    </div>
  );
}

/** What "Import YAML" could not bring over, passed along when the new assistant opens. */
function importWarningsOf(state: unknown): string[] | undefined {
  const warnings = (state as { importWarnings?: unknown } | null)?.importWarnings;
  return Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === "string") : undefined;
}

/** The documents a template suggests, passed along when the assistant created from it opens. */
function knowledgeHintOf(state: unknown): string | undefined {
  const hint = (state as { knowledgeHint?: unknown } | null)?.knowledgeHint;
  return typeof hint === "string" && hint ? hint : undefined;
}

function useAssistant() {
  const { assistantId = "" } = useParams();
  const trpc = useTRPC();
  return useQuery(trpc.assistants.byId.queryOptions({ id: assistantId }));
}

export function EditAssistantPage() {
  const errors = useErrors();
  const location = useLocation();
  const assistant = useAssistant();
  if (assistant.isError && isNotFound(assistant.error)) return <NotFoundPage />;
  if (assistant.isPending) return <EditorSkeleton />;
  if (assistant.isError) {
    return (
      <div className="mx-auto w-full max-w-4xl px-4 py-6 sm:px-8">
        <Alert variant="destructive">{errors.message(assistant.error)}</Alert>
      </div>
    );
  }
  return (
    <AssistantEditor
      key={assistant.data.id}
      assistant={assistant.data}
      initial={valuesOf(assistant.data)}
      importWarnings={importWarningsOf(location.state)}
      knowledgeHint={knowledgeHintOf(location.state)}
    />
  );
}

export function AssistantHistoryPage() {
  const errors = useErrors();
  const assistant = useAssistant();
  if (assistant.isError && isNotFound(assistant.error)) return <NotFoundPage />;
  if (assistant.isPending) return <EditorSkeleton />;
  if (assistant.isError) {
    return (
      <div className="mx-auto w-full max-w-4xl px-4 py-6 sm:px-8">
        <Alert variant="destructive">{errors.message(assistant.error)}</Alert>
      </div>
    );
  }
  return <HistoryView assistant={assistant.data} />;
}
