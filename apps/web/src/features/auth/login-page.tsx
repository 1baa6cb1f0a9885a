import { loginInput } from "@atelier/validators";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { describedBy, FormField } from "~/components/form-field";
import { Alert, FormError } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { useT } from "~/i18n";
import { useTRPC } from "~/lib/trpc";
import { useFormErrors } from "~/lib/use-form-errors";
import { AuthLayout } from "./auth-layout";
import { useRefreshSession } from "./use-session";

/** Only same-site paths are followed after sign-in. */
export function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/chat";
}

export function LoginPage() {
  const t = useT();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const refresh = useRefreshSession();
  const [params] = useSearchParams();
  const expired = params.get("expired") === "1";
  const [values, setValues] = useState({ email: "", password: "" });
  const { fieldErrors, formError, onError, submit: submitForm } = useFormErrors();
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async () => {
        await refresh();
        navigate(safeNext(params.get("next")), { replace: true });
      },
      onError,
    }),
  );

  function submit(e: FormEvent) {
    submitForm(e, loginInput, values, (data) => login.mutate(data));
  }

  return (
    <AuthLayout title={t("login.title")} subtitle={t("login.subtitle")}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {expired && !formError && <Alert variant="warning">{t("login.expired")}</Alert>}
        <FormError message={formError} />
        <FormField id="login-email" label={t("login.email")} error={fieldErrors.email}>
          <Input
            {...describedBy("login-email", { error: fieldErrors.email })}
            type="email"
            autoComplete="username"
            autoFocus
            value={values.email}
            onChange={(e) => setValues((v) => ({ ...v, email: e.target.value }))}
            data-testid="login-email"
          />
        </FormField>
        <FormField id="login-password" label={t("login.password")} error={fieldErrors.password}>
          <Input
            {...describedBy("login-password", { error: fieldErrors.password })}
            type="password"
            autoComplete="current-password"
            value={values.password}
            onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
            data-testid="login-password"
          />
        </FormField>
        <Button type="submit" size="lg" disabled={login.isPending} data-testid="login-submit">
          {login.isPending ? t("login.submitting") : t("login.submit")}
        </Button>
        <p className="text-center text-xs text-muted-foreground">{t("login.forgot")}</p>
      </form>
    </AuthLayout>
  );
}
