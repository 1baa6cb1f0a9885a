import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, CheckCheck } from "lucide-react";
import { useSyncExternalStore } from "react";
import { useNavigate } from "react-router";
import { Button } from "~/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "~/components/ui/dropdown-menu";
import { useI18n } from "~/i18n";
import { formatRelativeTime } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { cn } from "~/lib/utils";
import type { NotificationItem } from "./types";

/** Notifications are checked this often (and when the menu opens). */
const POLL_MS = 30_000;

/** A link inside the app, or null (a notification never sends the browser elsewhere). */
export function internalLink(link: string | null): string | null {
  return link?.startsWith("/") && !link.startsWith("//") ? link : null;
}

/** The sidebar shows from this width on (Tailwind's `md`); below it the top bar does. */
const WIDE = "(min-width: 768px)";

function subscribeWide(onChange: () => void) {
  const query = window.matchMedia(WIDE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** Whether the sidebar is showing (so that only one bell is mounted and polls). */
function useWide(): boolean {
  return useSyncExternalStore(subscribeWide, () => window.matchMedia(WIDE).matches);
}

/**
 * The bell in the header: the number of unread notifications (alerts on the assistants the user
 * builds), the latest ones with their links, and "Mark all as read". Everyone has one; a failed
 * check simply shows no count.
 */
export function NotificationsBell({ placement }: { placement: "sidebar" | "header" }) {
  const wide = useWide();
  if (wide !== (placement === "sidebar")) return null;
  return <BellMenu />;
}

function BellMenu() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const notifications = useQuery(trpc.alerts.notifications.queryOptions(undefined, { refetchInterval: POLL_MS, refetchOnWindowFocus: true, staleTime: 5_000 }));
  const markRead = useMutation(
    trpc.alerts.markRead.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.alerts.notifications.queryKey() }),
    }),
  );
  const unread = notifications.data?.unreadCount ?? 0;
  const items = notifications.data?.items ?? [];
  const label = unread > 0 ? t("notifications.bellUnread", { count: unread }) : t("notifications.bell");

  const open = (n: NotificationItem) => {
    if (!n.readAt) markRead.mutate({ ids: [n.id] });
    const to = internalLink(n.link);
    if (to) navigate(to);
  };

  return (
    <DropdownMenu onOpenChange={(isOpen) => isOpen && notifications.refetch()}>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="relative shrink-0" aria-label={label} title={label} data-testid="notifications-bell" data-unread={unread}>
          <Bell aria-hidden />
          {unread > 0 && (
            <span
              className="absolute -right-0.5 -top-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-destructive px-1 text-[10px] font-semibold leading-none text-destructive-foreground tabular-nums"
              aria-hidden
              data-testid="notifications-count"
            >
              {unread > 99 ? "99+" : unread}
            </span>
          )}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-[min(22rem,calc(100vw-1rem))] p-0" data-testid="notifications-menu">
        <div className="flex items-center justify-between gap-2 px-3 py-2">
          <p className="text-sm font-semibold">{t("notifications.title")}</p>
          {unread > 0 && (
            <Button variant="ghost" size="sm" className="h-7 px-2" onClick={() => markRead.mutate({ all: true })} disabled={markRead.isPending} data-testid="notifications-mark-all">
              <CheckCheck aria-hidden />
              {t("notifications.markAll")}
            </Button>
          )}
        </div>
        <DropdownMenuSeparator className="my-0" />
        {items.length === 0 ? (
          <p className="px-3 py-6 text-center text-sm text-muted-foreground" data-testid="notifications-empty">
            {notifications.isError ? t("notifications.unavailable") : t("notifications.empty")}
          </p>
        ) : (
          <div className="max-h-96 overflow-y-auto p-1">
            {items.map((n) => (
              <DropdownMenuItem key={n.id} onSelect={() => open(n)} className="items-start gap-2.5 px-2 py-2" data-testid="notification" data-read={!!n.readAt}>
                <span className={cn("mt-1.5 size-2 shrink-0 rounded-full", n.readAt ? "bg-transparent" : "bg-primary")} aria-hidden />
                <span className="flex min-w-0 flex-col gap-0.5">
                  <span className={cn("break-words text-sm", !n.readAt && "font-medium")}>
                    {!n.readAt && <span className="sr-only">{t("notifications.unread")} </span>}
                    {n.title}
                  </span>
                  {n.body && <span className="line-clamp-3 break-words text-xs text-muted-foreground">{n.body}</span>}
                  <time className="text-xs text-muted-foreground" dateTime={new Date(n.createdAt).toISOString()}>
                    {formatRelativeTime(n.createdAt, locale)}
                  </time>
                </span>
              </DropdownMenuItem>
            ))}
          </div>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
