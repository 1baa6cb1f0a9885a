import { useState, type FormEvent } from "react";
import { focusFirstInvalid } from "./focus-invalid";
import { useErrors } from "./use-errors";

/** The part of a zod schema this needs (the shared validators are zod schemas). */
interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * The error state every form shares: validate with the same zod schema as the server, show its
 * field errors and focus the first invalid field; on a server error, show its field errors and
 * its sentence. `submit` runs `send` only with valid, parsed data.
 */
export function useFormErrors() {
  const errors = useErrors();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  return {
    fieldErrors,
    formError,
    /** For a mutation's onError. */
    onError: (error: unknown) => {
      setFieldErrors(errors.fields(error));
      setFormError(errors.message(error));
    },
    submit<T>(e: FormEvent, schema: Schema<T>, values: unknown, send: (data: T) => void) {
      e.preventDefault();
      setFormError(null);
      const parsed = schema.safeParse(values);
      if (!parsed.success) {
        setFieldErrors(errors.issues(parsed.error.issues));
        focusFirstInvalid(e.currentTarget as HTMLFormElement);
        return;
      }
      setFieldErrors({});
      send(parsed.data);
    },
  };
}
