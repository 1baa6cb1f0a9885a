import { Shield } from "lucide-react";
import { NavLink, Outlet } from "react-router";
import { Page, PageHeader } from "~/components/page-header";
import { EmptyState } from "~/components/ui/empty-state";
import { useUser } from "~/features/auth/use-session";
import { useT } from "~/i18n";
import { cn } from "~/lib/utils";

export function AdminLayout() {
  const t = useT();
  const user = useUser();
  if (user.role !== "admin") {
    return (
      <Page>
        <EmptyState icon={Shield} title={t("admin.adminOnlyTitle")}>
          {t("admin.adminOnlyBody")}
        </EmptyState>
      </Page>
    );
  }
  const tabs = [
    { to: "/admin/users", label: t("admin.tabs.users") },
    { to: "/admin/teams", label: t("admin.tabs.teams") },
    { to: "/admin/models", label: t("admin.tabs.models") },
  ];
  return (
    <Page wide>
      <PageHeader title={t("admin.title")} />
      <nav aria-label={t("admin.title")} className="-mt-2 flex gap-1 overflow-x-auto border-b">
        {tabs.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
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
      <Outlet />
    </Page>
  );
}
