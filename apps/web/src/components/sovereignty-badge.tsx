import type { Sovereignty } from "@atelier/validators";
import { Globe, MapPin, Server } from "lucide-react";
import { Badge } from "~/components/ui/badge";
import { useT } from "~/i18n";
import { localModelName } from "~/lib/model-name";
import { sovereigntyKeys, sovereigntyTone } from "~/lib/sovereignty";
import { cn } from "~/lib/utils";

const icons = { on_premises: Server, eu_hosted: MapPin, external: Globe };

/** Where a model runs, so people see where their data goes. The sentence is the tooltip. */
export function SovereigntyBadge({ sovereignty, className }: { sovereignty: Sovereignty; className?: string }) {
  const t = useT();
  const Icon = icons[sovereignty];
  const keys = sovereigntyKeys(sovereignty);
  return (
    <Badge variant={sovereigntyTone[sovereignty]} title={t(keys.help)} data-testid="sovereignty-badge" data-sovereignty={sovereignty} className={className}>
      <Icon aria-hidden />
      {t(keys.label)}
    </Badge>
  );
}

/** A model's name followed by where it runs, e.g. in chat headers and assistant cards. */
export function ModelTag({ model, className }: { model: { displayName: string; providerName?: string; sovereignty: Sovereignty }; className?: string }) {
  const t = useT();
  const name = localModelName(model.displayName, t);
  return (
    <span className={cn("inline-flex min-w-0 flex-wrap items-center gap-1.5 text-xs text-muted-foreground", className)} data-testid="model-tag">
      <span className="truncate" title={model.providerName ? `${name} — ${model.providerName}` : name}>
        {t("chat.model", { model: name })}
      </span>
      <SovereigntyBadge sovereignty={model.sovereignty} />
    </span>
  );
}
