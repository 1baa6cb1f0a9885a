import { createUserInput, roles, type Role } from "@atelier/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, UserPlus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { describedBy, FormField } from "~/components/form-field";
import { Alert, FormError } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Input } from "~/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { useI18n, useT } from "~/i18n";
import { useTRPC, type TeamRow, type UserRow } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { useFormErrors } from "~/lib/use-form-errors";

function useInvalidateUsers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.teams.pathKey() })]);
}

export function UsersPage() {
  const { t, formatDate } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const me = useUser();
  const users = useQuery(trpc.users.list.queryOptions());
  const teams = useQuery(trpc.teams.list.queryOptions());
  const invalidate = useInvalidateUsers();
  const [actionError, setActionError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [editingTeams, setEditingTeams] = useState<UserRow | null>(null);
  const [disabling, setDisabling] = useState<UserRow | null>(null);
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onMutate: () => setActionError(null),
      onSuccess: () => invalidate(),
      onError: (error) => setActionError(errors.message(error)),
    }),
  );

  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h2 className="text-lg font-semibold">{t("admin.users.title")}</h2>
          <p className="text-sm text-muted-foreground">{t("admin.users.subtitle")}</p>
        </div>
        <Button onClick={() => setAdding(true)} data-testid="add-user">
          <UserPlus aria-hidden />
          {t("admin.users.add")}
        </Button>
      </div>
      <FormError message={actionError} />
      {users.isPending ? (
        <Skeleton className="h-48" />
      ) : users.isError ? (
        <Alert variant="destructive">{errors.message(users.error)}</Alert>
      ) : users.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("admin.users.empty")}</p>
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full min-w-[44rem] text-sm">
            <thead className="border-b bg-muted/40 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">{t("admin.users.name")}</th>
                <th scope="col" className="px-4 py-2.5 font-medium">{t("admin.users.role")}</th>
                <th scope="col" className="px-4 py-2.5 font-medium">{t("admin.users.teams")}</th>
                <th scope="col" className="px-4 py-2.5 font-medium">{t("admin.users.status")}</th>
                <th scope="col" className="px-4 py-2.5 font-medium">{t("admin.users.lastLogin")}</th>
                <th scope="col" className="px-4 py-2.5 font-medium"><span className="sr-only">{t("common.actions")}</span></th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {users.data.map((u) => (
                <tr key={u.id} data-testid="user-row" className={u.disabled ? "text-muted-foreground" : undefined}>
                  <td className="px-4 py-3">
                    <p className="font-medium text-foreground">
                      {u.name}
                      {u.id === me.id && <span className="ml-1 text-xs font-normal text-muted-foreground">({t("admin.users.you")})</span>}
                    </p>
                    <p className="text-xs text-muted-foreground">{u.email}</p>
                  </td>
                  <td className="px-4 py-3">
                    <Select value={u.role} onValueChange={(role) => update.mutate({ id: u.id, role: role as Role })} disabled={update.isPending}>
                      <SelectTrigger className="h-8 w-40" aria-label={t("admin.users.changeRole", { name: u.name })} data-testid="user-role">
                        <SelectValue />
                      </SelectTrigger>
                      <SelectContent>
                        {roles.map((r) => (
                          <SelectItem key={r} value={r}>
                            {t(`roles.${r}`)}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                  </td>
                  <td className="px-4 py-3">
                    <div className="flex flex-wrap items-center gap-1">
                      {u.teams.length === 0 ? (
                        <span className="text-xs text-muted-foreground">{t("admin.users.noTeams")}</span>
                      ) : (
                        u.teams.map((team) => (
                          <Badge key={team.id} variant="secondary">
                            {team.name}
                          </Badge>
                        ))
                      )}
                      <Button variant="ghost" size="icon" className="size-7" onClick={() => setEditingTeams(u)} aria-label={t("admin.users.editTeams")}>
                        <Pencil aria-hidden />
                      </Button>
                    </div>
                  </td>
                  <td className="px-4 py-3">
                    {u.disabled ? <Badge variant="secondary">{t("admin.users.disabled")}</Badge> : <Badge variant="success">{t("admin.users.active")}</Badge>}
                  </td>
                  <td className="px-4 py-3 text-xs text-muted-foreground">{u.lastLoginAt ? formatDate(u.lastLoginAt) : t("common.never")}</td>
                  <td className="px-4 py-3 text-right">
                    {u.disabled ? (
                      <Button variant="outline" size="sm" onClick={() => update.mutate({ id: u.id, disabled: false })} disabled={update.isPending}>
                        {t("admin.users.enable")}
                      </Button>
                    ) : (
                      <Button variant="outline" size="sm" onClick={() => setDisabling(u)} disabled={update.isPending || u.id === me.id}>
                        {t("admin.users.disable")}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      {adding && <AddUserDialog teams={teams.data ?? []} onClose={() => setAdding(false)} />}
      {editingTeams && <TeamsDialog user={editingTeams} teams={teams.data ?? []} onClose={() => setEditingTeams(null)} />}
      <ConfirmDialog
        open={!!disabling}
        onOpenChange={(open) => !open && setDisabling(null)}
        title={t("admin.users.disableTitle", { name: disabling?.name ?? "" })}
        description={t("admin.users.disableBody")}
        confirmLabel={t("admin.users.disable")}
        onConfirm={() => disabling && update.mutate({ id: disabling.id, disabled: true })}
        testId="confirm-disable"
      />
    </div>
  );
}

function TeamCheckboxes({ teams, value, onChange }: { teams: TeamRow[]; value: string[]; onChange: (ids: string[]) => void }) {
  const t = useT();
  if (teams.length === 0) return <p className="text-sm text-muted-foreground">{t("admin.users.noTeamsYet")}</p>;
  return (
    <div className="grid gap-2 sm:grid-cols-2">
      {teams.map((team) => (
        <label key={team.id} className="flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm hover:bg-muted has-[:checked]:border-primary/50 has-[:checked]:bg-primary/5">
          <input
            type="checkbox"
            className="size-4 accent-[var(--color-primary)]"
            checked={value.includes(team.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, team.id] : value.filter((id) => id !== team.id))}
          />
          {team.name}
        </label>
      ))}
    </div>
  );
}

function AddUserDialog({ teams, onClose }: { teams: TeamRow[]; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const invalidate = useInvalidateUsers();
  const [values, setValues] = useState({ name: "", email: "", password: "", role: "member" as Role, teamIds: [] as string[] });
  const { fieldErrors, formError, onError, submit: submitForm } = useFormErrors();
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        onClose();
      },
      onError,
    }),
  );
  function submit(e: FormEvent) {
    submitForm(e, createUserInput, values, (data) => create.mutate(data));
  }
  const text = (key: "name" | "email" | "password") => ({
    ...describedBy(`user-${key}`, { error: fieldErrors[key], help: key === "password" }),
    value: values[key],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value })),
  });
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form onSubmit={submit} noValidate className="flex flex-col gap-4">
          <DialogHeader>
            <DialogTitle>{t("admin.users.addTitle")}</DialogTitle>
            <DialogDescription>{t("admin.users.addBody")}</DialogDescription>
          </DialogHeader>
          <FormError message={formError} />
          <FormField id="user-name" label={t("admin.users.name")} error={fieldErrors.name}>
            <Input {...text("name")} autoFocus data-testid="user-name" />
          </FormField>
          <FormField id="user-email" label={t("admin.users.email")} error={fieldErrors.email}>
            <Input {...text("email")} type="email" autoComplete="off" data-testid="user-email" />
          </FormField>
          <FormField id="user-password" label={t("admin.users.password")} error={fieldErrors.password} help={t("setup.passwordHelp")}>
            <Input {...text("password")} type="text" autoComplete="new-password" spellCheck={false} data-testid="user-password" />
          </FormField>
          <FormField id="user-role" label={t("admin.users.role")} error={fieldErrors.role} help={t(`roleDescriptions.${values.role}`)}>
            <Select value={values.role} onValueChange={(role) => setValues((v) => ({ ...v, role: role as Role }))}>
              <SelectTrigger id="user-role" aria-describedby="user-role-help" data-testid="user-role-select">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {roles.map((r) => (
                  <SelectItem key={r} value={r}>
                    {t(`roles.${r}`)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1.5 text-sm font-medium">{t("admin.users.teams")}</legend>
            <TeamCheckboxes teams={teams} value={values.teamIds} onChange={(teamIds) => setValues((v) => ({ ...v, teamIds }))} />
            {fieldErrors.teamIds && <p data-testid="field-error" role="alert" className="text-xs font-medium text-destructive">{fieldErrors.teamIds}</p>}
          </fieldset>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" disabled={create.isPending} data-testid="user-save">
              {create.isPending ? t("common.saving") : t("admin.users.add")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function TeamsDialog({ user, teams, onClose }: { user: UserRow; teams: TeamRow[]; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const errors = useErrors();
  const invalidate = useInvalidateUsers();
  const [teamIds, setTeamIds] = useState(user.teams.map((team) => team.id));
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        onClose();
      },
    }),
  );
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent aria-describedby={undefined}>
        <DialogHeader>
          <DialogTitle>{t("admin.users.teamsTitle", { name: user.name })}</DialogTitle>
        </DialogHeader>
        <FormError message={update.error ? errors.message(update.error) : null} />
        <TeamCheckboxes teams={teams} value={teamIds} onChange={setTeamIds} />
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={() => update.mutate({ id: user.id, teamIds })} disabled={update.isPending}>
            {update.isPending ? t("common.saving") : t("common.save")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
