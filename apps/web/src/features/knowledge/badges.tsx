import type { Sensitivity, SourceKind } from "@atelier/validators";
import { Building2, CheckCircle2, Clock, FolderOpen, Globe, Lock, ShieldAlert, Upload, Users, XCircle, type LucideIcon } from "lucide-react";
import { Badge } from "~/components/ui/badge";
import { useT } from "~/i18n";
import { cn } from "~/lib/utils";

export const kindIcons: Record<SourceKind, LucideIcon> = { upload: Upload, folder: FolderOpen, website: Globe };

/** The kind of a source as an icon in a tinted square (its name is given next to it or as a label). */
export function SourceKindIcon({ kind, className }: { kind: SourceKind; className?: string }) {
  const t = useT();
  const Icon = kindIcons[kind];
  return (
    <span className={cn("flex size-9 shrink-0 items-center justify-center rounded-lg bg-primary/10 text-primary", className)} title={t(`knowledge.kinds.${kind}`)}>
      <Icon className="size-4" aria-hidden />
      <span className="sr-only">{t(`knowledge.kinds.${kind}`)}</span>
    </span>
  );
}

const sensitivityStyle = {
  public: { variant: "secondary", icon: Globe },
  internal: { variant: "info", icon: Building2 },
  confidential: { variant: "warning", icon: Lock },
  secret: { variant: "destructive", icon: ShieldAlert },
} as const satisfies Record<Sensitivity, { variant: "secondary" | "info" | "warning" | "destructive"; icon: LucideIcon }>;

/** How confidential a source's documents are; the one-line explanation is the tooltip. */
export function SensitivityBadge({ sensitivity }: { sensitivity: Sensitivity }) {
  const t = useT();
  const { variant, icon: Icon } = sensitivityStyle[sensitivity];
  return (
    <Badge variant={variant} title={t(`knowledge.sensitivityHelp.${sensitivity}`)} data-testid="sensitivity-badge" data-sensitivity={sensitivity}>
      <Icon aria-hidden />
      {t(`knowledge.sensitivity.${sensitivity}`)}
    </Badge>
  );
}

/** The team that owns a source, or the whole workspace. */
export function TeamLabel({ teamName, className }: { teamName: string | null; className?: string }) {
  const t = useT();
  const Icon = teamName ? Users : Building2;
  return (
    <span className={cn("inline-flex min-w-0 items-start gap-1.5 text-sm", className)}>
      <Icon className="mt-[0.2rem] size-3.5 shrink-0 text-muted-foreground" aria-hidden />
      <span className="break-words">{teamName ?? t("knowledge.wholeWorkspace")}</span>
    </span>
  );
}

export type DocumentStatus = "pending" | "indexed" | "failed";

const documentStyle = {
  indexed: { variant: "success", icon: CheckCircle2 },
  failed: { variant: "destructive", icon: XCircle },
  pending: { variant: "secondary", icon: Clock },
} as const;

export function DocumentStatusBadge({ status }: { status: DocumentStatus }) {
  const t = useT();
  const { variant, icon: Icon } = documentStyle[status];
  return (
    <Badge variant={variant}>
      <Icon aria-hidden />
      {t(`knowledge.documents.status.${status}`)}
    </Badge>
  );
}

export type JobStatus = "queued" | "running" | "done" | "failed" | "cancelled";

const jobVariant = { queued: "secondary", running: "info", done: "success", failed: "destructive", cancelled: "secondary" } as const;

export function JobStatusBadge({ status }: { status: JobStatus }) {
  const t = useT();
  return <Badge variant={jobVariant[status]}>{t(`knowledge.sync.status.${status}`)}</Badge>;
}
