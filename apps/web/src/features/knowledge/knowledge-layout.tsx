import { Library } from "lucide-react";
import type { ReactNode } from "react";
import { Link, NavLink, Outlet } from "react-router";
import { Page, PageHeader } from "~/components/page-header";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { useUser } from "~/features/auth/use-session";
import { useT } from "~/i18n";
import { cn } from "~/lib/utils";

/** Knowledge is for builders and admins; members are told why they cannot use it. */
export function KnowledgeLayout() {
  const t = useT();
  const user = useUser();
  if (user.role === "member") {
    return (
      <Page>
        <EmptyState
          icon={Library}
          title={t("knowledge.buildersOnlyTitle")}
          action={
            <Button asChild variant="outline">
              <Link to="/chat">{t("notFound.home")}</Link>
            </Button>
          }
        >
          {t("knowledge.buildersOnlyBody")}
        </EmptyState>
      </Page>
    );
  }
  return <Outlet />;
}

/** The Knowledge header with its two tabs, "Data sources" and "Search". */
export function KnowledgeTabsPage({ actions, children }: { actions?: ReactNode; children: ReactNode }) {
  const t = useT();
  const tabs = [
    { to: "/knowledge", label: t("knowledge.tabs.sources"), end: true, testId: "knowledge-tab-sources" },
    { to: "/knowledge/search", label: t("knowledge.tabs.search"), end: false, testId: "knowledge-tab-search" },
  ];
  return (
    <Page wide>
      <PageHeader title={t("knowledge.title")} subtitle={t("knowledge.subtitle")} actions={actions} />
      <nav aria-label={t("knowledge.tabs.label")} className="-mt-2 flex gap-1 overflow-x-auto border-b">
        {tabs.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            end={tab.end}
            data-testid={tab.testId}
            className={({ isActive }) =>
              cn(
                "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                isActive ? "border-primary text-primary" : "border-transparent text-muted-foreground hover:text-foreground",
              )
            }
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
      {children}
    </Page>
  );
}
