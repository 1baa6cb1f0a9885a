import { FileQuestion } from "lucide-react";
import { Link } from "react-router";
import { Button } from "~/components/ui/button";
import { useT } from "~/i18n";

export function NotFoundPage() {
  const t = useT();
  return (
    <div className="flex h-full min-h-[60vh] flex-col items-center justify-center gap-4 p-8 text-center" data-testid="not-found">
      <div className="flex size-14 items-center justify-center rounded-full bg-muted text-muted-foreground">
        <FileQuestion className="size-7" aria-hidden />
      </div>
      <p className="text-sm font-medium text-muted-foreground">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">{t("notFound.title")}</h1>
      <p className="max-w-md text-sm text-muted-foreground">{t("notFound.body")}</p>
      <Button asChild>
        <Link to="/chat">{t("notFound.home")}</Link>
      </Button>
    </div>
  );
}
