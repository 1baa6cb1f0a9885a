import { setupInput } from "@atelier/validators";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { describedBy, FormField } from "~/components/form-field";
import { FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { useI18n } from "~/i18n";
import { useTRPC } from "~/lib/trpc";
import { useFormErrors } from "~/lib/use-form-errors";
import { AuthLayout } from "./auth-layout";
import { useRefreshSession } from "./use-session";

export function SetupPage() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const refresh = useRefreshSession();
  const [values, setValues] = useState({ workspaceName: "", name: "", email: "", password: "" });
  const { fieldErrors, formError, onError, submit: submitForm } = useFormErrors();
  const setLocale = useMutation(trpc.auth.setLocale.mutationOptions());
  const setup = useMutation(
    trpc.auth.setup.mutationOptions({
      onSuccess: async () => {
        setLocale.mutate({ locale });
        await refresh();
        navigate("/chat", { replace: true });
      },
      onError,
    }),
  );

  function submit(e: FormEvent) {
    submitForm(e, setupInput, values, (data) => setup.mutate(data));
  }

  const field = (name: keyof typeof values) => ({
    ...describedBy(`setup-${name}`, { error: fieldErrors[name] }),
    value: values[name],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
  });

  return (
    <AuthLayout title={t("setup.title")} subtitle={t("setup.subtitle")}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <FormError message={formError} />
        <FormField id="setup-workspaceName" label={t("setup.workspaceName")} error={fieldErrors.workspaceName}>
          <Input {...field("workspaceName")} placeholder={t("setup.workspacePlaceholder")} autoFocus data-testid="setup-workspace" />
        </FormField>
        <FormField id="setup-name" label={t("setup.name")} error={fieldErrors.name}>
          <Input {...field("name")} autoComplete="name" data-testid="setup-name" />
        </FormField>
        <FormField id="setup-email" label={t("setup.email")} error={fieldErrors.email}>
          <Input {...field("email")} type="email" autoComplete="email" data-testid="setup-email" />
        </FormField>
        <FormField id="setup-password" label={t("setup.password")} error={fieldErrors.password} help={t("setup.passwordHelp")}>
          <Input {...field("password")} {...describedBy("setup-password", { error: fieldErrors.password, help: true })} type="password" autoComplete="new-password" data-testid="setup-password" />
        </FormField>
        <Button type="submit" size="lg" disabled={setup.isPending} data-testid="setup-submit">
          {setup.isPending ? t("setup.submitting") : t("setup.submit")}
        </Button>
      </form>
    </AuthLayout>
  );
}
