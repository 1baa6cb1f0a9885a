import * as DialogPrimitive from "@radix-ui/react-dialog";
import { ExternalLink, FileText, X } from "lucide-react";
import { createContext, useContext, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { Button } from "~/components/ui/button";
import { overlayClasses } from "~/components/ui/dialog";
import { useUser } from "~/features/auth/use-session";
import { HeadingPath } from "~/features/knowledge/heading-path";
import { useT } from "~/i18n";
import { cn } from "~/lib/utils";
import { safeHttpUrl, type Citation } from "./citation-refs";

interface CitationsValue {
  byRef: Map<number, Citation>;
  open: (ref: number) => void;
}

const CitationsContext = createContext<CitationsValue | null>(null);

/** The citations of one answer, for its [n] references and its Sources list; one preview panel at a time. */
export function CitationsProvider({ citations, children }: { citations: Citation[]; children: ReactNode }) {
  const [openRef, setOpenRef] = useState<number | null>(null);
  const byRef = new Map(citations.map((c) => [c.ref, c]));
  const current = openRef === null ? undefined : byRef.get(openRef);
  return (
    <CitationsContext.Provider value={{ byRef, open: setOpenRef }}>
      {children}
      <PassagePreview citation={current} onClose={() => setOpenRef(null)} />
    </CitationsContext.Provider>
  );
}

/** The reference numbers an answer may show as links ("[4]" without a citation stays text). */
export function useKnownRefs(): ReadonlySet<number> {
  const value = useContext(CitationsContext);
  return new Set(value ? value.byRef.keys() : []);
}

/** A small superscript reference "1" that opens the passage it quotes. */
export function CitationRef({ refNumber }: { refNumber: number }) {
  const t = useT();
  const value = useContext(CitationsContext);
  const citation = value?.byRef.get(refNumber);
  if (!value || !citation) return <>[{refNumber}]</>;
  return (
    <sup className="mx-px">
      <button
        type="button"
        onClick={() => value.open(refNumber)}
        className="inline-flex h-4 min-w-4 items-center justify-center rounded bg-primary/10 px-1 text-[0.7rem] font-semibold leading-none text-primary no-underline hover:bg-primary/20 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        aria-label={t("chat.citations.reference", { ref: refNumber, title: citation.title })}
        title={citation.title}
        data-testid="citation-ref"
        data-ref={refNumber}
      >
        {refNumber}
      </button>
    </sup>
  );
}

/** The headings of a passage without the document title repeated as its first heading. */
function headingsBelowTitle(c: Citation): string[] {
  return c.headingPath[0]?.trim().toLowerCase() === c.title.trim().toLowerCase() ? c.headingPath.slice(1) : c.headingPath;
}

/** "Sources" under an answer: each reference with its document and headings. */
export function SourcesList({ citations }: { citations: Citation[] }) {
  const t = useT();
  const value = useContext(CitationsContext);
  if (citations.length === 0) return null;
  return (
    <div className="mt-3 border-t pt-2.5" data-testid="message-sources">
      <p className="mb-1.5 text-xs font-medium text-muted-foreground">{t("chat.citations.sources")}</p>
      <ol className="flex flex-col gap-1">
        {[...citations]
          .sort((a, b) => a.ref - b.ref)
          .map((c) => (
            <li key={c.ref}>
              <button
                type="button"
                onClick={() => value?.open(c.ref)}
                className="flex w-full min-w-0 items-baseline gap-2 rounded px-1 py-0.5 text-left text-xs hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                data-testid="source-item"
              >
                <span className="inline-flex h-4 min-w-4 shrink-0 items-center justify-center rounded bg-primary/10 px-1 text-[0.7rem] font-semibold text-primary">{c.ref}</span>
                <span className="min-w-0 truncate">
                  <span className="font-medium">{c.title}</span>
                  {headingsBelowTitle(c).length > 0 && <span className="text-muted-foreground"> — {headingsBelowTitle(c).join(" › ")}</span>}
                </span>
              </button>
            </li>
          ))}
      </ol>
    </div>
  );
}

/** The side panel with the quoted passage: document, headings, page, excerpt, location. */
function PassagePreview({ citation, onClose }: { citation: Citation | undefined; onClose: () => void }) {
  const t = useT();
  const user = useUser();
  const url = citation ? safeHttpUrl(citation.location) : null;
  return (
    <DialogPrimitive.Root open={!!citation} onOpenChange={(open) => !open && onClose()}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className={cn(overlayClasses, "bg-black/20")} />
        <DialogPrimitive.Content
          className="fixed inset-x-0 bottom-0 z-50 flex max-h-[85dvh] flex-col gap-4 overflow-y-auto rounded-t-xl border bg-card p-5 shadow-xl focus:outline-none sm:inset-y-0 sm:left-auto sm:right-0 sm:max-h-none sm:w-[26rem] sm:rounded-none sm:rounded-l-xl"
          data-testid="citation-preview"
        >
          {citation && (
            <>
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">
                    {t("chat.citations.preview")} · {t("chat.citations.previewOf", { ref: citation.ref })}
                  </p>
                  <DialogPrimitive.Title className="mt-1 flex items-start gap-2 break-words text-base font-semibold">
                    <FileText className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden />
                    {citation.title}
                  </DialogPrimitive.Title>
                </div>
                <DialogPrimitive.Close className="rounded-sm p-1 opacity-70 hover:opacity-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
                  <X className="size-4" aria-hidden />
                  <span className="sr-only">{t("common.close")}</span>
                </DialogPrimitive.Close>
              </div>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <HeadingPath path={citation.headingPath} />
                {citation.page !== null && <span className="text-xs text-muted-foreground">{t("chat.citations.page", { page: citation.page })}</span>}
              </div>
              <DialogPrimitive.Description asChild>
                <blockquote className="whitespace-pre-wrap break-words rounded-md border-l-4 border-primary/40 bg-muted/50 px-4 py-3 text-sm leading-relaxed" aria-label={t("chat.citations.excerpt")}>
                  {citation.excerpt}
                </blockquote>
              </DialogPrimitive.Description>
              {citation.location && (
                <div className="text-xs">
                  <p className="mb-0.5 text-muted-foreground">{t("chat.citations.location")}</p>
                  {url ? (
                    <a href={url} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 break-all text-primary underline-offset-2 hover:underline">
                      {citation.location}
                      <ExternalLink className="size-3 shrink-0" aria-hidden />
                    </a>
                  ) : (
                    <p className="break-all font-mono">{citation.location}</p>
                  )}
                </div>
              )}
              {user.role !== "member" && (
                <Button asChild variant="outline" size="sm" className="self-start">
                  <Link to={`/knowledge/documents/${citation.documentId}`} data-testid="citation-open-document">
                    <FileText aria-hidden />
                    {t("chat.citations.openDocument")}
                  </Link>
                </Button>
              )}
            </>
          )}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
