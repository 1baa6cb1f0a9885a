import { AlertTriangle } from "lucide-react";
import { Component, type ErrorInfo, type ReactNode } from "react";
import { useRouteError } from "react-router";
import { useT } from "~/i18n";
import { Button } from "./ui/button";

/** What the user sees instead of a blank screen or a stack trace. */
export function ErrorScreen() {
  const t = useT();
  return (
    <div role="alert" className="flex min-h-[60vh] flex-col items-center justify-center gap-4 p-8 text-center">
      <div className="flex size-14 items-center justify-center rounded-full bg-destructive/10 text-destructive">
        <AlertTriangle className="size-7" aria-hidden />
      </div>
      <h1 className="text-2xl font-semibold tracking-tight">{t("errorPage.title")}</h1>
      <p className="max-w-md text-sm text-muted-foreground">{t("errorPage.body")}</p>
      <div className="flex gap-2">
        <Button onClick={() => window.location.reload()}>{t("errorPage.reload")}</Button>
        <Button variant="outline" onClick={() => window.location.assign("/chat")}>
          {t("notFound.home")}
        </Button>
      </div>
    </div>
  );
}

/** Router-level error element: logs the error for developers, shows a friendly screen. */
export function RouteErrorScreen() {
  const error = useRouteError();
  console.error(error);
  return <ErrorScreen />;
}

/** Last-resort boundary around the whole app (the router has its own). */
export class ErrorBoundary extends Component<{ children: ReactNode; fallback: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
