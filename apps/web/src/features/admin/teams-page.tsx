import { teamInput } from "@atelier/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plus, Trash2, Users } from "lucide-react";
import { useState, type FormEvent } from "react";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { describedBy, FormField } from "~/components/form-field";
import { Alert, FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Dialog, DialogContent, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { EmptyState } from "~/components/ui/empty-state";
import { Input } from "~/components/ui/input";
import { Skeleton } from "~/components/ui/skeleton";
import { useT } from "~/i18n";
import { useTRPC, type TeamRow } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";

function useInvalidateTeams() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.teams.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() })]);
}

export function TeamsPage() {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const [renaming, setRenaming] = useState<TeamRow | null>(null);
  const [deleting, setDeleting] = useState<TeamRow | null>(null);

  const members = (n: number) => (n === 0 ? t("admin.teams.membersNone") : n === 1 ? t("admin.teams.membersOne") : t("admin.teams.members", { count: n }));

  return (
    <div className="flex flex-col gap-5">
      <div>
        <h2 className="text-lg font-semibold">{t("admin.teams.title")}</h2>
        <p className="text-sm text-muted-foreground">{t("admin.teams.subtitle")}</p>
      </div>
      <CreateTeam />
      {teams.isPending ? (
        <Skeleton className="h-32" />
      ) : teams.isError ? (
        <Alert variant="destructive">{errors.message(teams.error)}</Alert>
      ) : teams.data.length === 0 ? (
        <EmptyState icon={Users} title={t("admin.teams.emptyTitle")}>
          {t("admin.teams.emptyBody")}
        </EmptyState>
      ) : (
        <Card>
          <ul className="divide-y">
            {teams.data.map((team) => (
              <li key={team.id} className="flex items-center gap-3 px-4 py-3" data-testid="team-row">
                <span className="flex size-9 items-center justify-center rounded-full bg-primary/10 text-primary">
                  <Users className="size-4" aria-hidden />
                </span>
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium">{team.name}</p>
                  <p className="text-xs text-muted-foreground">{members(team.members)}</p>
                </div>
                <Button variant="ghost" size="sm" onClick={() => setRenaming(team)}>
                  <Pencil aria-hidden />
                  <span className="hidden sm:inline">{t("common.rename")}</span>
                </Button>
                <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" onClick={() => setDeleting(team)} data-testid="team-delete">
                  <Trash2 aria-hidden />
                  <span className="hidden sm:inline">{t("common.delete")}</span>
                </Button>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {renaming && <RenameTeam team={renaming} onClose={() => setRenaming(null)} />}
      {deleting && <DeleteTeam team={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}

function CreateTeam() {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateTeams();
  const [name, setName] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation(
    trpc.teams.create.mutationOptions({
      onSuccess: async () => {
        setName("");
        await invalidate();
      },
      onError: (error) => {
        setFieldError(errors.fields(error).name ?? null);
        setFormError(errors.fields(error).name ? null : errors.message(error));
      },
    }),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const parsed = teamInput.safeParse({ name });
    if (!parsed.success) return setFieldError(errors.issues(parsed.error.issues).name ?? null);
    setFieldError(null);
    create.mutate(parsed.data);
  }
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-2">
      <FormError message={formError} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <FormField id="team-name" label={t("admin.teams.name")} error={fieldError} className="flex flex-1 flex-col gap-1.5">
          <Input {...describedBy("team-name", { error: fieldError })} value={name} onChange={(e) => setName(e.target.value)} placeholder={t("admin.teams.namePlaceholder")} data-testid="team-name" />
        </FormField>
        <Button type="submit" className="sm:mt-5" disabled={create.isPending} data-testid="team-create">
          <Plus aria-hidden />
          {t("admin.teams.create")}
        </Button>
      </div>
    </form>
  );
}

function RenameTeam({ team, onClose }: { team: TeamRow; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateTeams();
  const [name, setName] = useState(team.name);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const rename = useMutation(
    trpc.teams.rename.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        onClose();
      },
      onError: (error) => setFieldError(errors.fields(error).name ?? errors.message(error)),
    }),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = teamInput.safeParse({ name });
    if (!parsed.success) return setFieldError(errors.issues(parsed.error.issues).name ?? null);
    rename.mutate({ id: team.id, ...parsed.data });
  }
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent aria-describedby={undefined}>
        <form onSubmit={submit} noValidate className="flex flex-col gap-4">
          <DialogHeader>
            <DialogTitle>{t("admin.teams.renameTitle")}</DialogTitle>
          </DialogHeader>
          <FormField id="team-rename" label={t("admin.teams.name")} error={fieldError}>
            <Input {...describedBy("team-rename", { error: fieldError })} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          </FormField>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" disabled={rename.isPending}>
              {rename.isPending ? t("common.saving") : t("common.save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function DeleteTeam({ team, onClose }: { team: TeamRow; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateTeams();
  const remove = useMutation(
    trpc.teams.delete.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        onClose();
      },
    }),
  );
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("admin.teams.deleteTitle", { name: team.name })}
      description={t("admin.teams.deleteBody")}
      confirmLabel={t("common.delete")}
      pendingLabel={t("common.deleting")}
      pending={remove.isPending}
      error={remove.error ? errors.message(remove.error) : null}
      stayOpen
      onConfirm={() => remove.mutate({ id: team.id })}
    />
  );
}
