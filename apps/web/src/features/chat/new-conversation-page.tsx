import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, Bot, Wand2 } from "lucide-react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ModelTag, SovereigntyBadge } from "~/components/sovereignty-badge";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { useT } from "~/i18n";
import { useTRPC, type AssistantSummary } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { AttachButton } from "./attachments";
import { OpenListButton } from "./chat-layout";
import { Composer } from "./composer";
import { UserMessage } from "./messages";
import { ModelMissingBanner } from "./model-banner";
import { Starters } from "./starters";
import { useInvalidateChat, useSendMessage, useWorkspaceInfo } from "./use-send";

export function NewConversationPage() {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const [params, setParams] = useSearchParams();
  const assistants = useQuery(trpc.assistants.list.queryOptions());
  const selectedId = params.get("assistant");
  const selected = assistants.data?.find((a) => a.id === selectedId);

  return (
    <div className="flex h-full flex-col">
      <header className="flex h-14 shrink-0 items-center gap-2 border-b px-3 sm:px-4">
        <OpenListButton />
        {selected ? (
          <>
            <Button variant="ghost" size="icon" onClick={() => setParams({})} aria-label={t("chat.changeAssistant")}>
              <ArrowLeft aria-hidden />
            </Button>
            <span className="text-xl" aria-hidden>
              {selected.emoji}
            </span>
            <div className="min-w-0">
              <h1 className="truncate text-sm font-semibold">{selected.name}</h1>
              {selected.model && (
                <>
                  <ModelTag model={selected.model} className="hidden flex-nowrap sm:inline-flex" />
                  <SovereigntyBadge sovereignty={selected.model.sovereignty} className="sm:hidden" />
                </>
              )}
            </div>
          </>
        ) : (
          <h1 className="font-semibold">{t("chat.newConversation")}</h1>
        )}
      </header>
      {assistants.isPending ? (
        <div className="mx-auto grid w-full max-w-3xl gap-3 p-6 sm:grid-cols-2">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-20" />
          ))}
        </div>
      ) : assistants.isError ? (
        <div className="p-6">
          <Alert variant="destructive">{errors.message(assistants.error)}</Alert>
        </div>
      ) : selected ? (
        <StartConversation assistant={selected} assistants={assistants.data} onAssistantChange={(id) => setParams({ assistant: id })} />
      ) : (
        <AssistantPicker assistants={assistants.data} unknown={!!selectedId} onPick={(id) => setParams({ assistant: id })} />
      )}
    </div>
  );
}

function AssistantPicker({ assistants, unknown, onPick }: { assistants: AssistantSummary[]; unknown: boolean; onPick: (id: string) => void }) {
  const t = useT();
  const user = useUser();
  const workspace = useWorkspaceInfo();
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 p-4 sm:p-8">
        {workspace.data && !workspace.data.model.configured && <ModelMissingBanner />}
        {unknown && (
          <Alert variant="warning" data-testid="assistant-not-found">
            {t("chat.assistantNotFound")}
          </Alert>
        )}
        {assistants.length === 0 ? (
          <EmptyState
            icon={Bot}
            title={t("chat.noAssistantsTitle")}
            action={
              user.role !== "member" && (
                <Button asChild>
                  <Link to="/studio/new">
                    <Wand2 aria-hidden />
                    {t("chat.goToStudio")}
                  </Link>
                </Button>
              )
            }
          >
            {user.role === "member" ? t("chat.noAssistantsMember") : t("chat.noAssistantsBuilder")}
          </EmptyState>
        ) : (
          <>
            <div>
              <h2 className="text-xl font-semibold tracking-tight">{t("chat.pickTitle")}</h2>
              <p className="mt-1 text-sm text-muted-foreground">{t("chat.pickSubtitle")}</p>
            </div>
            <ul className="grid gap-3 sm:grid-cols-2">
              {assistants.map((a) => (
                <li key={a.id}>
                  <button
                    type="button"
                    onClick={() => onPick(a.id)}
                    className="flex h-full w-full items-start gap-3 rounded-lg border bg-card p-4 text-left shadow-sm transition hover:border-primary/40 hover:shadow-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                    data-testid="pick-assistant"
                  >
                    <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-muted text-xl" aria-hidden>
                      {a.emoji}
                    </span>
                    <span className="min-w-0">
                      <span className="block font-medium">{a.name}</span>
                      <span className="line-clamp-2 text-sm text-muted-foreground">{a.description}</span>
                      {a.model && <ModelTag model={a.model} className="mt-2" />}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

function StartConversation({ assistant, assistants, onAssistantChange }: { assistant: AssistantSummary; assistants: AssistantSummary[]; onAssistantChange: (id: string) => void }) {
  const t = useT();
  const navigate = useNavigate();
  const workspace = useWorkspaceInfo();
  const invalidate = useInvalidateChat();
  const sender = useSendMessage(async ({ conversationId }) => {
    await invalidate();
    navigate(`/chat/${conversationId}`);
  });
  const modelMissing = workspace.data?.model.configured === false;
  const send = (content: string) => sender.send({ assistantId: assistant.id, content });
  return (
    <>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 p-4 sm:p-8">
          {modelMissing && <ModelMissingBanner />}
          <div className="flex flex-col items-center gap-3 py-10 text-center">
            <span className="flex size-16 items-center justify-center rounded-2xl bg-muted text-4xl" aria-hidden>
              {assistant.emoji}
            </span>
            <h2 className="text-xl font-semibold">{t("chat.startWith", { name: assistant.name })}</h2>
            {assistant.description && <p className="max-w-md text-sm text-muted-foreground">{assistant.description}</p>}
          </div>
          {sender.pending ? <UserMessage content={sender.pending.content} pending /> : <Starters assistantId={assistant.id} onPick={(text) => void send(text)} disabled={modelMissing} />}
        </div>
      </div>
      <div className="mx-auto w-full max-w-3xl shrink-0 px-4 pb-4 sm:px-8">
        <Composer
          streaming={false}
          disabled={modelMissing}
          maxChars={workspace.data?.maxMessageChars}
          error={sender.error}
          onSend={send}
          assistants={assistants}
          assistantId={assistant.id}
          onAssistantChange={onAssistantChange}
          tools={<AttachButton conversationId={null} disabled={modelMissing} />}
        />
      </div>
    </>
  );
}
