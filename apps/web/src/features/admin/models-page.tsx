import { Cpu } from "lucide-react";
import { Alert } from "~/components/ui/alert";
import { Card } from "~/components/ui/card";
import { Skeleton } from "~/components/ui/skeleton";
import { useWorkspaceInfo } from "~/features/chat/use-send";
import { useT } from "~/i18n";
import { useErrors } from "~/lib/use-errors";

/** Read-only for now: the endpoint comes from the server's environment. */
export function ModelsPage() {
  const t = useT();
  const errors = useErrors();
  const info = useWorkspaceInfo();
  if (info.isPending) return <Skeleton className="h-40" />;
  if (info.isError) return <Alert variant="destructive">{errors.message(info.error)}</Alert>;
  const { model } = info.data;
  const envVars = [
    { name: "ATELIER_MODEL_BASE_URL", help: t("admin.models.envBaseUrl") },
    { name: "ATELIER_MODEL_API_KEY", help: t("admin.models.envApiKey") },
    { name: "ATELIER_MODEL_NAME", help: t("admin.models.envName") },
  ];
  const [demoBefore, demoAfter] = t("admin.models.demoBody").split("{flag}");
  return (
    <div className="flex flex-col gap-5">
      <div>
        <h2 className="text-lg font-semibold">{t("admin.models.title")}</h2>
        <p className="text-sm text-muted-foreground">{t("admin.models.subtitle")}</p>
      </div>
      {model.configured ? (
        <Card className="flex flex-col gap-4 p-5" data-testid="model-configured">
          <div className="flex items-center gap-3">
            <span className="flex size-10 items-center justify-center rounded-lg bg-success/10 text-success">
              <Cpu className="size-5" aria-hidden />
            </span>
            <div>
              <h3 className="font-semibold">{t("admin.models.configuredTitle")}</h3>
              <p className="text-sm text-muted-foreground">{t("admin.models.configuredBody")}</p>
            </div>
          </div>
          <dl className="grid gap-3 sm:grid-cols-3">
            {[
              { label: t("admin.models.provider"), value: model.provider },
              { label: t("admin.models.defaultModel"), value: model.model },
              { label: t("admin.models.sovereignty"), value: t(`sovereignty.${model.sovereignty}`) },
            ].map((item) => (
              <div key={item.label} className="rounded-md border bg-muted/40 p-3">
                <dt className="text-xs text-muted-foreground">{item.label}</dt>
                <dd className="mt-1 font-mono text-sm">{item.value}</dd>
              </div>
            ))}
          </dl>
        </Card>
      ) : (
        <Card className="flex flex-col gap-4 p-5" data-testid="model-missing-admin">
          <Alert variant="warning" title={t("admin.models.missingTitle")}>
            {t("admin.models.missingBody")}
          </Alert>
          <dl className="flex flex-col gap-2">
            {envVars.map((v) => (
              <div key={v.name} className="flex flex-col gap-0.5 rounded-md border bg-muted/40 p-3 sm:flex-row sm:items-center sm:gap-4">
                <dt className="font-mono text-sm font-medium sm:w-64">{v.name}</dt>
                <dd className="text-sm text-muted-foreground">{v.help}</dd>
              </div>
            ))}
          </dl>
          <p className="text-sm text-muted-foreground">
            {demoBefore}
            <code className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em] text-foreground">--demo-model</code>
            {demoAfter}
          </p>
        </Card>
      )}
      <Alert variant="info">{t("admin.models.comingSoon")}</Alert>
    </div>
  );
}
