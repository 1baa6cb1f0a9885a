import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, type ReactNode } from "react";
import { Navigate, Outlet, useLocation } from "react-router";
import { UserContext, useRefreshSession, useSessionQuery } from "~/features/auth/use-session";
import { isLocale, storedLocale, useI18n } from "~/i18n";
import { takeSessionExpired, useTRPC } from "~/lib/trpc";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { PageLoading } from "~/components/ui/skeleton";
import { useErrors } from "~/lib/use-errors";

function SessionError({ error }: { error: unknown }) {
  const errors = useErrors();
  const { t } = useI18n();
  const refresh = useRefreshSession();
  return (
    <div className="mx-auto flex max-w-md flex-col gap-4 p-8">
      <Alert variant="destructive" title={t("errorPage.title")}>
        {errors.message(error)}
      </Alert>
      <Button variant="outline" onClick={() => void refresh()}>
        {t("common.retry")}
      </Button>
    </div>
  );
}

/** Sends people to setup on first run, to sign-in when signed out, and away from them otherwise. */
export function PublicGate({ page }: { page: "setup" | "login" }) {
  const session = useSessionQuery();
  if (session.isPending) return <PageLoading />;
  if (session.isError) return <SessionError error={session.error} />;
  const { setupRequired, user } = session.data;
  if (setupRequired && page !== "setup") return <Navigate to="/setup" replace />;
  if (!setupRequired && page === "setup") return <Navigate to={user ? "/chat" : "/login"} replace />;
  if (user && page === "login") return <Navigate to="/chat" replace />;
  return <Outlet />;
}

/** Renders its children only for a signed-in user. */
export function RequireUser({ children }: { children: ReactNode }) {
  const session = useSessionQuery();
  const location = useLocation();
  if (session.isPending) return <PageLoading />;
  if (session.isError) return <SessionError error={session.error} />;
  const { setupRequired, user } = session.data;
  if (setupRequired) return <Navigate to="/setup" replace />;
  if (!user) {
    const params = new URLSearchParams();
    const here = location.pathname + location.search;
    if (here !== "/" && here !== "/chat") params.set("next", here);
    if (takeSessionExpired()) params.set("expired", "1");
    const query = params.toString();
    return <Navigate to={`/login${query ? `?${query}` : ""}`} replace />;
  }
  return (
    <UserContext.Provider value={user}>
      <LocaleSync userLocale={user.locale} />
      {children}
    </UserContext.Provider>
  );
}

/** The device's explicit choice wins and is saved to the profile; otherwise the profile's is adopted. */
function LocaleSync({ userLocale }: { userLocale: string | null }) {
  const { locale, setLocale } = useI18n();
  const trpc = useTRPC();
  const save = useMutation(trpc.auth.setLocale.mutationOptions());
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    const device = storedLocale();
    if (device && device !== userLocale) save.mutate({ locale: device });
    else if (!device && isLocale(userLocale) && userLocale !== locale) setLocale(userLocale);
  }, [userLocale, locale, setLocale, save]);
  return null;
}
