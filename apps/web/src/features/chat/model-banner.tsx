import { Link } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { useUser } from "~/features/auth/use-session";
import { useT } from "~/i18n";

/** Shown in the chat while no language model endpoint is configured. */
export function ModelMissingBanner() {
  const t = useT();
  const user = useUser();
  return (
    <Alert variant="warning" title={t("chat.modelMissingTitle")} data-testid="model-missing">
      <p>{user.role === "admin" ? t("chat.modelMissingAdmin") : t("chat.modelMissingOther")}</p>
      {user.role === "admin" && (
        <Button asChild size="sm" variant="outline" className="mt-2">
          <Link to="/admin/models">{t("chat.configureModel")}</Link>
        </Button>
      )}
    </Alert>
  );
}
