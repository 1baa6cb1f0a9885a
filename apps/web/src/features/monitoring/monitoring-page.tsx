import { BarChart3, ClipboardCheck, Gauge, Target, UserCheck } from "lucide-react";
import { Page, PageHeader } from "~/components/page-header";
import { Badge } from "~/components/ui/badge";
import { Card } from "~/components/ui/card";
import { useT } from "~/i18n";

/** Placeholder until the Monitoring feature lands: says what it will show. */
export function MonitoringPage() {
  const t = useT();
  const items = [
    { icon: Target, title: t("monitoring.accuracyTitle"), body: t("monitoring.accuracyBody") },
    { icon: BarChart3, title: t("monitoring.usageTitle"), body: t("monitoring.usageBody") },
    { icon: Gauge, title: t("monitoring.gradingTitle"), body: t("monitoring.gradingBody") },
    { icon: UserCheck, title: t("monitoring.reviewTitle"), body: t("monitoring.reviewBody") },
  ];
  return (
    <Page wide>
      <PageHeader title={t("monitoring.title")} subtitle={t("monitoring.subtitle")} actions={<Badge variant="warning"><ClipboardCheck aria-hidden />{t("monitoring.comingSoon")}</Badge>} />
      <p className="text-sm text-muted-foreground">{t("monitoring.intro")}</p>
      <ul className="grid gap-4 sm:grid-cols-2">
        {items.map(({ icon: Icon, title, body }) => (
          <li key={title}>
            <Card className="flex h-full gap-4 p-5">
              <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-primary/10 text-primary">
                <Icon className="size-5" aria-hidden />
              </span>
              <div>
                <h2 className="font-semibold">{title}</h2>
                <p className="mt-1 text-sm text-muted-foreground">{body}</p>
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </Page>
  );
}
