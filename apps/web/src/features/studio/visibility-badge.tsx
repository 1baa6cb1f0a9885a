import type { Visibility } from "@atelier/validators";
import { Building2, Lock, Users } from "lucide-react";
import { Badge } from "~/components/ui/badge";
import { useT } from "~/i18n";

const icons = { private: Lock, team: Users, workspace: Building2 };

export function VisibilityBadge({ visibility, teamName }: { visibility: Visibility; teamName?: string | null }) {
  const t = useT();
  const Icon = icons[visibility];
  return (
    <Badge variant={visibility === "private" ? "secondary" : "default"}>
      <Icon aria-hidden />
      {visibility === "team" && teamName ? t("studio.teamVisibility", { team: teamName }) : t(`visibility.${visibility}`)}
    </Badge>
  );
}
