import { PanelLeft } from "lucide-react";
import { useEffect, useState } from "react";
import { Outlet, useLocation, useOutletContext } from "react-router";
import { Button } from "~/components/ui/button";
import { useT } from "~/i18n";
import { cn } from "~/lib/utils";
import { AttachmentStoreProvider } from "./attachments";
import { CitationStoreProvider } from "./citation-store";
import { ConversationList } from "./conversation-list";

interface ChatOutletContext {
  openList: () => void;
}

export function useChatLayout() {
  return useOutletContext<ChatOutletContext>();
}

/** Conversation list on the left, the selected conversation (or the picker) on the right. */
export function ChatLayout() {
  const [listOpen, setListOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setListOpen(false), [location.pathname]);
  return (
    <CitationStoreProvider>
      <AttachmentStoreProvider>
        <div className="relative flex h-full">
          {listOpen && <div className="absolute inset-0 z-20 bg-black/20 lg:hidden" onClick={() => setListOpen(false)} aria-hidden />}
          <aside
            className={cn(
              "absolute inset-y-0 left-0 z-30 w-72 overflow-hidden border-r bg-card transition-transform lg:static lg:translate-x-0",
              listOpen ? "translate-x-0 shadow-lg" : "-translate-x-full",
            )}
          >
            <ConversationList />
          </aside>
          <section className="flex min-w-0 flex-1 flex-col">
            <Outlet context={{ openList: () => setListOpen(true) } satisfies ChatOutletContext} />
          </section>
        </div>
      </AttachmentStoreProvider>
    </CitationStoreProvider>
  );
}

export function OpenListButton() {
  const t = useT();
  const { openList } = useChatLayout();
  return (
    <Button variant="ghost" size="icon" className="lg:hidden" onClick={openList} aria-label={t("chat.conversations")}>
      <PanelLeft aria-hidden />
    </Button>
  );
}
