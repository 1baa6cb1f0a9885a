import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Activity, Bot, Library, LogOut, Menu, MessagesSquare, Shield, Wand2, X } from "lucide-react";
import { useEffect, useState } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { ErrorBoundary, ErrorScreen } from "~/components/error-boundary";
import { Button } from "~/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "~/components/ui/dropdown-menu";
import { useChangeLocale } from "~/features/auth/language-switch";
import { useUser } from "~/features/auth/use-session";
import { NotificationsBell } from "~/features/monitoring/notifications-bell";
import { dictionaries, locales, useI18n, type Locale } from "~/i18n";
import { useTRPC } from "~/lib/trpc";
import { cn } from "~/lib/utils";

function initials(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join("");
}

function UserMenu() {
  const user = useUser();
  const { t, locale } = useI18n();
  const changeLocale = useChangeLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        navigate("/login", { replace: true });
        queryClient.setQueryData(trpc.auth.session.queryKey(), { setupRequired: false, user: null });
        queryClient.removeQueries({ predicate: (q) => JSON.stringify(q.queryKey[0]) !== JSON.stringify(["auth", "session"]) });
      },
    }),
  );
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex w-full items-center gap-3 rounded-md p-2 text-left hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        aria-label={t("nav.userMenu")}
        data-testid="user-menu"
      >
        <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-primary/15 text-xs font-semibold text-primary" aria-hidden>
          {initials(user.name)}
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium">{user.name}</span>
          <span className="block truncate text-xs text-muted-foreground">{t(`roles.${user.role}`)}</span>
        </span>
      </DropdownMenuTrigger>
      <DropdownMenuContent side="top" align="start" className="w-60">
        <DropdownMenuLabel className="font-normal">
          <span className="block text-xs text-muted-foreground">{t("nav.signedInAs")}</span>
          <span className="block truncate text-sm font-medium text-foreground">{user.email}</span>
          <span className="block text-xs text-muted-foreground">{t(`roles.${user.role}`)}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuLabel>{t("common.language")}</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={locale} onValueChange={(value) => changeLocale(value as Locale)}>
          {locales.map((l) => (
            <DropdownMenuRadioItem key={l} value={l} data-testid={`locale-${l}`}>
              {dictionaries[l].languages[l]}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => logout.mutate()} data-testid="sign-out">
          <LogOut aria-hidden />
          {t("nav.signOut")}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

export function AppShell() {
  const user = useUser();
  const { t } = useI18n();
  const trpc = useTRPC();
  const workspace = useQuery(trpc.workspace.info.queryOptions());
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);

  const links = [
    { to: "/chat", label: t("nav.chat"), icon: MessagesSquare, testId: "nav-chat" },
    { to: "/assistants", label: t("nav.assistants"), icon: Bot, testId: "nav-assistants" },
    { to: "/studio", label: t("nav.studio"), icon: Wand2, testId: "nav-studio" },
    ...(user.role !== "member" ? [{ to: "/knowledge", label: t("nav.knowledge"), icon: Library, testId: "nav-knowledge" }] : []),
    { to: "/monitoring", label: t("nav.monitoring"), icon: Activity, testId: "nav-monitoring" },
    ...(user.role === "admin" ? [{ to: "/admin", label: t("nav.admin"), icon: Shield, testId: "nav-admin" }] : []),
  ];

  return (
    <div className="flex h-full">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:p-2">
        {t("common.skipToContent")}
      </a>
      {open && <div className="fixed inset-0 z-30 bg-black/30 md:hidden" onClick={() => setOpen(false)} aria-hidden />}
      <aside
        className={cn(
          "fixed inset-y-0 left-0 z-40 flex w-64 flex-col overflow-hidden border-r bg-sidebar transition-transform md:static md:translate-x-0",
          open ? "translate-x-0" : "-translate-x-full",
        )}
      >
        <div className="flex h-14 items-center gap-2 border-b px-4">
          <span className="flex size-8 items-center justify-center rounded-md bg-primary font-semibold text-primary-foreground" aria-hidden>
            A
          </span>
          <div className="min-w-0 flex-1">
            <p className="text-sm font-semibold leading-tight">Atelier</p>
            <p className="truncate text-xs text-muted-foreground">{workspace.data?.name ?? "\u00a0"}</p>
          </div>
          <NotificationsBell placement="sidebar" />
          <Button variant="ghost" size="icon" className="md:hidden" onClick={() => setOpen(false)} aria-label={t("common.closeMenu")}>
            <X aria-hidden />
          </Button>
        </div>
        <nav aria-label={t("nav.main")} className="flex flex-1 flex-col gap-1 p-3">
          {links.map(({ to, label, icon: Icon, testId }) => (
            <NavLink
              key={to}
              to={to}
              data-testid={testId}
              className={({ isActive }) =>
                cn(
                  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                  isActive ? "bg-primary/10 text-primary" : "text-muted-foreground hover:bg-muted hover:text-foreground",
                )
              }
            >
              <Icon className="size-4" aria-hidden />
              {label}
            </NavLink>
          ))}
        </nav>
        <div className="border-t p-3">
          <UserMenu />
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center gap-2 border-b bg-card px-3 md:hidden">
          <Button variant="ghost" size="icon" onClick={() => setOpen(true)} aria-label={t("common.openMenu")} aria-expanded={open}>
            <Menu aria-hidden />
          </Button>
          <span className="flex-1 font-semibold">Atelier</span>
          <NotificationsBell placement="header" />
        </header>
        <main id="main" className="min-h-0 flex-1 overflow-y-auto">
          <ErrorBoundary key={location.pathname} fallback={<ErrorScreen />}>
            <Outlet />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}
