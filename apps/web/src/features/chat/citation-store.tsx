import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { Citation } from "./citation-refs";

interface CitationStore {
  get: (messageId: string) => Citation[] | undefined;
  set: (messageId: string, citations: Citation[]) => void;
}

const StoreContext = createContext<CitationStore | null>(null);

/**
 * Keeps the citations received live (the subscription's "citations" event) for the answers of
 * this chat session, so an answer keeps its references after it is saved and refetched, even
 * when the conversation's rows do not carry them.
 */
export function CitationStoreProvider({ children }: { children: ReactNode }) {
  const [byMessage, setByMessage] = useState<Record<string, Citation[]>>({});
  const set = useCallback((messageId: string, citations: Citation[]) => setByMessage((all) => ({ ...all, [messageId]: citations })), []);
  const value = useMemo<CitationStore>(() => ({ get: (id) => byMessage[id], set }), [byMessage, set]);
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}

export function useCitationStore(): CitationStore | null {
  return useContext(StoreContext);
}
