import { Activity, BarChart3, ClipboardCheck } from "lucide-react";
import type { ReactNode } from "react";
import { NavLink, useSearchParams } from "react-router";
import { Page, PageHeader } from "~/components/page-header";
import { Alert } from "~/components/ui/alert";
import { useUser } from "~/features/auth/use-session";
import { useT } from "~/i18n";
import { errorInfo } from "~/lib/errors";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { withRange } from "./date-range";

/** Monitoring is for builders and admins: members read why instead of an error. */
export function MembersNote() {
  const t = useT();
  return (
    <Alert variant="info" title={t("monitoring.members.title")} data-testid="monitoring-members">
      {t("monitoring.members.body")}
    </Alert>
  );
}

/** A failed query: the members' note when the API refused a member, else the error's sentence. */
export function QueryError({ error }: { error: unknown }) {
  const errors = useErrors();
  if (errorInfo(error).appCode === "forbidden.builder_only") return <MembersNote />;
  return (
    <Alert variant="destructive" data-testid="monitoring-error">
      {errors.message(error)}
    </Alert>
  );
}

/** Overview, Usage, Review queue: the Monitoring area's tabs (the chosen period follows). */
function MonitoringTabs() {
  const t = useT();
  const [params] = useSearchParams();
  const tabs = [
    { to: withRange("/monitoring", params), label: t("monitoring.tabs.overview"), icon: Activity, end: true, testId: "monitoring-tab-overview" },
    { to: withRange("/monitoring/usage", params), label: t("monitoring.tabs.usage"), icon: BarChart3, end: false, testId: "monitoring-tab-usage" },
    { to: "/monitoring/review", label: t("monitoring.tabs.review"), icon: ClipboardCheck, end: false, testId: "monitoring-tab-review" },
  ];
  return (
    <nav aria-label={t("monitoring.tabs.label")} className="-mx-4 overflow-x-auto border-b px-4 sm:mx-0 sm:px-0">
      <ul className="flex gap-1">
        {tabs.map(({ to, label, icon: Icon, end, testId }) => (
          <li key={testId}>
            <NavLink
              to={to}
              end={end}
              data-testid={testId}
              className={({ isActive }) =>
                cn(
                  "-mb-px flex items-center gap-2 whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                  isActive ? "border-primary text-primary" : "border-transparent text-muted-foreground hover:text-foreground",
                )
              }
            >
              <Icon className="size-4" aria-hidden />
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * A page of the Monitoring area: title, the tabs, an optional control on the right (the period),
 * then the content — or, for members, the sentence saying that Monitoring is for builders and admins.
 */
export function MonitoringLayout({ title, subtitle, actions, children }: { title?: ReactNode; subtitle?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  const t = useT();
  const user = useUser();
  const member = user.role === "member";
  return (
    <Page wide>
      <PageHeader title={title ?? t("monitoring.title")} subtitle={subtitle ?? t("monitoring.subtitle")} actions={member ? undefined : actions} />
      {member ? (
        <MembersNote />
      ) : (
        <>
          <MonitoringTabs />
          {children}
        </>
      )}
    </Page>
  );
}
