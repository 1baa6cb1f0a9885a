import { useQuery } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { Link, useParams } from "react-router";
import { Page, PageHeader } from "~/components/page-header";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { useT } from "~/i18n";
import { isNotFound } from "~/lib/errors";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { NotFoundPage } from "~/routes/not-found";
import { AssistantForm, emptyAssistant, ReadOnlyNotice } from "./assistant-form";
import { StudioPage } from "./studio-page";

function BackToStudio() {
  const t = useT();
  return (
    <Button asChild variant="ghost" size="sm" className="-ml-2 self-start text-muted-foreground">
      <Link to="/studio">
        <ArrowLeft aria-hidden />
        {t("studio.title")}
      </Link>
    </Button>
  );
}

export function NewAssistantPage() {
  const t = useT();
  const user = useUser();
  // Members cannot create assistants: the Studio page explains why.
  if (user.role === "member") return <StudioPage />;
  return (
    <Page>
      <BackToStudio />
      <PageHeader title={t("studio.createTitle")} />
      <AssistantForm initial={emptyAssistant} />
    </Page>
  );
}

export function EditAssistantPage() {
  const { assistantId = "" } = useParams();
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const assistant = useQuery(trpc.assistants.byId.queryOptions({ id: assistantId }));

  if (assistant.isError && isNotFound(assistant.error)) return <NotFoundPage />;
  return (
    <Page>
      <BackToStudio />
      {assistant.isPending ? (
        <div className="flex flex-col gap-4">
          <Skeleton className="h-8 w-64" />
          <Skeleton className="h-72" />
          <Skeleton className="h-40" />
        </div>
      ) : assistant.isError ? (
        <Alert variant="destructive">{errors.message(assistant.error)}</Alert>
      ) : (
        <>
          <PageHeader title={t("studio.editTitle", { name: assistant.data.name })} />
          {!assistant.data.canEdit && <ReadOnlyNotice />}
          <AssistantForm
            key={assistant.data.id}
            id={assistant.data.id}
            readOnly={!assistant.data.canEdit}
            initialModelName={assistant.data.model?.displayName}
            hiddenSourceCount={assistant.data.hiddenSourceCount}
            initial={{
              name: assistant.data.name,
              description: assistant.data.description,
              emoji: assistant.data.emoji,
              instructions: assistant.data.instructions,
              modelId: assistant.data.modelId ?? "",
              temperature: String(assistant.data.temperature),
              maxOutputTokens: String(assistant.data.maxOutputTokens),
              visibility: assistant.data.visibility,
              teamId: assistant.data.teamId ?? "",
              sourceIds: assistant.data.sourceIds,
            }}
          />
        </>
      )}
    </Page>
  );
}
