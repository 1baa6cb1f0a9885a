import { visibilities, type Visibility } from "@atelier/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserPlus, X } from "lucide-react";
import { useState } from "react";
import { describedBy, FormField } from "~/components/form-field";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { NativeSelect } from "~/components/ui/input";
import { Skeleton } from "~/components/ui/skeleton";
import { useUser } from "~/features/auth/use-session";
import { useT } from "~/i18n";
import { useTRPC } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { SectionCard, type SectionProps } from "./editor-section";

/**
 * Sharing: who may use the assistant (not versioned: it applies at once when saved) and who may
 * edit it with the owner. Only the owner and admins change either.
 */
export function SharingSection({ values, set, errors, readOnly, assistantId, canAdminister }: SectionProps & { assistantId?: string; canAdminister: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const user = useUser();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const teamOptions = teams.data ?? [];
  const locked = readOnly || !canAdminister;
  return (
    <SectionCard id="sharing" title={t("studio.sharing")} description={t("studio.sharingHelp")}>
      {!readOnly && !canAdminister && <p className="text-sm text-muted-foreground">{t("studio.sharingOwnerOnly")}</p>}
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField id="assistant-visibility" label={t("studio.visibility")} error={errors.visibility} help={t(`visibilityHelp.${values.visibility}`)}>
          <NativeSelect
            {...describedBy("assistant-visibility", { error: errors.visibility, help: true })}
            value={values.visibility}
            disabled={locked}
            onChange={(e) => set("visibility", e.target.value as Visibility)}
            data-testid="assistant-visibility"
          >
            {visibilities.map((v) => (
              <option key={v} value={v}>
                {t(`visibility.${v}`)}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        {values.visibility === "team" && (
          <FormField id="assistant-teamId" label={t("studio.team")} error={errors.teamId} help={teamOptions.length === 0 && !teams.isPending ? t("studio.noTeams") : undefined}>
            <NativeSelect
              {...describedBy("assistant-teamId", { error: errors.teamId, help: teamOptions.length === 0 })}
              value={values.teamId}
              disabled={locked}
              onChange={(e) => set("teamId", e.target.value)}
              data-testid="assistant-team"
            >
              <option value="">{t("studio.chooseTeam")}</option>
              {teamOptions.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </NativeSelect>
          </FormField>
        )}
      </div>
      {user.role !== "member" && (
        <div className="flex flex-col gap-3 border-t pt-5">
          <div>
            <h3 className="text-sm font-medium">{t("studio.editors.title")}</h3>
            <p className="mt-0.5 text-xs text-muted-foreground">{t("studio.editors.help")}</p>
          </div>
          {assistantId ? (
            <CoEditors assistantId={assistantId} canAdminister={canAdminister && !readOnly} />
          ) : (
            <p className="text-sm text-muted-foreground">{t("studio.editors.afterCreate")}</p>
          )}
        </div>
      )}
    </SectionCard>
  );
}

/** The co-editors list; admins add builders and admins from the user list, owners can remove. */
function CoEditors({ assistantId, canAdminister }: { assistantId: string; canAdminister: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const user = useUser();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const isAdmin = user.role === "admin";
  const editors = useQuery(trpc.assistants.editors.queryOptions({ id: assistantId }));
  // Only admins may list users: a builder who owns the assistant cannot look people up.
  const users = useQuery(trpc.users.list.queryOptions(undefined, { enabled: isAdmin && canAdminister }));
  const assistant = useQuery(trpc.assistants.byId.queryOptions({ id: assistantId }));
  const [picked, setPicked] = useState("");
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(
    trpc.assistants.setEditors.mutationOptions({
      onSuccess: async (list) => {
        queryClient.setQueryData(trpc.assistants.editors.queryKey({ id: assistantId }), list);
        await queryClient.invalidateQueries({ queryKey: trpc.assistants.listEditable.queryKey() });
        setPicked("");
        setError(null);
      },
      onError: (e) => setError(errors.fields(e).userIds ?? errors.message(e)),
    }),
  );

  if (editors.isPending) return <Skeleton className="h-12" />;
  if (editors.isError) return <Alert variant="destructive">{errors.message(editors.error)}</Alert>;
  const current = editors.data;
  const ownerId = assistant.data?.ownerId;
  const candidates = (users.data ?? []).filter((u) => u.role !== "member" && !u.disabled && u.id !== ownerId && !current.some((e) => e.id === u.id));

  return (
    <div className="flex flex-col gap-3" data-testid="co-editors">
      {current.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("studio.editors.none")}</p>
      ) : (
        <ul className="flex flex-col divide-y rounded-md border">
          {current.map((e) => (
            <li key={e.id} className="flex items-center gap-3 px-3 py-2" data-testid="co-editor">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium">{e.name}</p>
                <p className="truncate text-xs text-muted-foreground">{e.email}</p>
              </div>
              {canAdminister && (
                <Button
                  variant="ghost"
                  size="icon"
                  disabled={save.isPending}
                  onClick={() => save.mutate({ id: assistantId, userIds: current.filter((x) => x.id !== e.id).map((x) => x.id) })}
                  aria-label={t("studio.editors.remove", { name: e.name })}
                  data-testid="co-editor-remove"
                >
                  <X aria-hidden />
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canAdminister &&
        (isAdmin ? (
          <div className="flex flex-col gap-2 sm:flex-row">
            <label htmlFor="co-editor-pick" className="sr-only">
              {t("studio.editors.pick")}
            </label>
            <NativeSelect id="co-editor-pick" value={picked} onChange={(e) => setPicked(e.target.value)} className="sm:flex-1" data-testid="co-editor-pick">
              <option value="">{users.isPending ? t("common.loading") : candidates.length ? t("studio.editors.pick") : t("studio.editors.noCandidates")}</option>
              {candidates.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} — {u.email} ({t(`roles.${u.role}`)})
                </option>
              ))}
            </NativeSelect>
            <Button
              variant="outline"
              disabled={!picked || save.isPending}
              onClick={() => save.mutate({ id: assistantId, userIds: [...current.map((x) => x.id), picked] })}
              data-testid="co-editor-add"
            >
              <UserPlus aria-hidden />
              {t("studio.editors.add")}
            </Button>
          </div>
        ) : (
          <p className="text-xs text-muted-foreground" data-testid="co-editors-admin-only">
            {t("studio.editors.adminAdds")}
          </p>
        ))}
      {error && (
        <p role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}
