import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, CircleDot, CircleCheck, PencilLine } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { useT } from "~/i18n";
import { useTRPC } from "~/lib/trpc";
import { cn } from "~/lib/utils";
import { editorSections, type EditorSection } from "./editor-section";

export function useVersions(assistantId: string | undefined, enabled = true) {
  const trpc = useTRPC();
  return useQuery(trpc.assistants.versions.queryOptions({ assistantId: assistantId ?? "" }, { enabled: enabled && !!assistantId }));
}

/** "Published v3", "Draft — unpublished changes" or "Draft — never published", and unsaved edits. */
export function VersionStatus({ assistantId, dirty = false }: { assistantId: string; dirty?: boolean }) {
  const t = useT();
  const versions = useVersions(assistantId);
  if (!versions.data) return null;
  const current = versions.data.versions.find((v) => v.isCurrent);
  const state = !current ? "never" : versions.data.draftChanged ? "changed" : "published";
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      <Badge variant={state === "published" ? "success" : "warning"} data-testid="version-status" data-state={state}>
        {state === "published" ? <CircleCheck aria-hidden /> : <CircleDot aria-hidden />}
        {state === "published"
          ? t("studio.status.published", { number: current!.number })
          : state === "changed"
            ? t("studio.status.draftChanged", { number: current!.number })
            : t("studio.status.draftNew")}
      </Badge>
      {dirty && (
        <Badge variant="secondary" data-testid="unsaved-changes">
          <PencilLine aria-hidden />
          {t("studio.status.unsaved")}
        </Badge>
      )}
    </span>
  );
}

/** The section the reader is in, for the section bar (the last one whose top has scrolled past). */
function useActiveSection(enabled: boolean): EditorSection {
  const [active, setActive] = useState<EditorSection>("profile");
  useEffect(() => {
    if (!enabled) return;
    const scroller = document.getElementById("main");
    if (!scroller) return;
    const onScroll = () => {
      const limit = scroller.getBoundingClientRect().top + 180;
      let current: EditorSection = "profile";
      for (const id of editorSections) {
        const el = document.getElementById(`section-${id}`);
        if (el && el.getBoundingClientRect().top <= limit) current = id;
      }
      // At the very bottom the last sections cannot reach the top: the last one is the one being read.
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 4) current = editorSections.at(-1)!;
      setActive(current);
    };
    onScroll();
    scroller.addEventListener("scroll", onScroll, { passive: true });
    return () => scroller.removeEventListener("scroll", onScroll);
  }, [enabled]);
  return active;
}

/**
 * The editor's sticky header: back to the Studio, the assistant and its version status, the
 * actions (preview, save, publish), the Settings / History tabs and, on Settings, the sections.
 */
export function EditorHeader({
  assistantId,
  emoji,
  title,
  tab,
  status,
  actions,
}: {
  assistantId?: string;
  emoji: string;
  title: string;
  tab: "settings" | "history" | "quality";
  status?: ReactNode;
  actions?: ReactNode;
}) {
  const t = useT();
  const active = useActiveSection(tab === "settings");
  const goTo = (id: EditorSection) => {
    const el = document.getElementById(`section-${id}`);
    el?.scrollIntoView({ behavior: "smooth", block: "start" });
    el?.querySelector<HTMLElement>("input:not([type=hidden]), textarea, select, button")?.focus({ preventScroll: true });
  };
  const tabClass = (on: boolean) =>
    cn(
      "-mb-px inline-flex h-10 shrink-0 items-center border-b-2 px-1 text-sm font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
      on ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
    );

  return (
    <div className="sticky top-0 z-20 border-b bg-background/95 backdrop-blur supports-[backdrop-filter]:bg-background/80">
      <div className="mx-auto flex w-full max-w-7xl flex-col gap-2 px-4 pt-3 sm:px-8">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <Button asChild variant="ghost" size="icon" className="-ml-2 shrink-0 text-muted-foreground">
            <Link to="/studio" aria-label={t("studio.backToStudio")}>
              <ArrowLeft aria-hidden />
            </Link>
          </Button>
          <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-muted text-xl" aria-hidden>
            {emoji || "🤖"}
          </span>
          <div className="min-w-0 flex-1 basis-40">
            <h1 className="truncate text-lg font-semibold leading-tight tracking-tight" data-testid="editor-title">
              {title}
            </h1>
            {status}
          </div>
          {actions && <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div>}
        </div>
        <nav className="-mx-4 flex items-end gap-4 overflow-x-auto px-4 sm:-mx-8 sm:px-8" aria-label={t("studio.sections.label")}>
          {assistantId && (
            <>
              <Link to={`/studio/${assistantId}`} className={tabClass(tab === "settings")} aria-current={tab === "settings" ? "page" : undefined} data-testid="studio-tab-settings">
                {t("studio.tabs.settings")}
              </Link>
              <Link to={`/studio/${assistantId}/history`} className={tabClass(tab === "history")} aria-current={tab === "history" ? "page" : undefined} data-testid="studio-tab-history">
                {t("studio.tabs.history")}
              </Link>
              <Link to={`/studio/${assistantId}/quality`} className={tabClass(tab === "quality")} aria-current={tab === "quality" ? "page" : undefined} data-testid="studio-tab-quality">
                {t("studio.tabs.quality")}
              </Link>
            </>
          )}
          {tab === "settings" && (
            <>
              {assistantId && <span className="mb-3 h-4 w-px shrink-0 bg-border" aria-hidden />}
              <ul className="flex items-end gap-1">
                {editorSections.map((id) => (
                  <li key={id}>
                    <button
                      type="button"
                      onClick={() => goTo(id)}
                      className={cn(
                        "mb-1.5 inline-flex h-7 shrink-0 items-center whitespace-nowrap rounded-md px-2.5 text-xs font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                        active === id ? "bg-primary/10 text-primary" : "text-muted-foreground hover:bg-muted hover:text-foreground",
                      )}
                      aria-current={active === id ? "location" : undefined}
                      data-testid={`studio-section-${id}`}
                    >
                      {t(`studio.sections.${id}`)}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </nav>
      </div>
    </div>
  );
}
