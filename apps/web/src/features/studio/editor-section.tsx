import type { ReactNode } from "react";
import { Card } from "~/components/ui/card";
import type { AssistantValues } from "./assistant-values";

export const editorSections = ["profile", "instructions", "model", "knowledge", "tools", "starters", "sharing"] as const;
export type EditorSection = (typeof editorSections)[number];

/** What every section of the editor receives: the values, a setter, the field errors, read-only. */
export interface SectionProps {
  values: AssistantValues;
  set: <K extends keyof AssistantValues>(key: K, value: AssistantValues[K]) => void;
  errors: Record<string, string>;
  readOnly: boolean;
}

/** The first error of a field or of anything under it ("tools.httpActions.0" covers its specText). */
export function errorUnder(errors: Record<string, string>, prefix: string): string | undefined {
  if (errors[prefix]) return errors[prefix];
  const key = Object.keys(errors).find((k) => k.startsWith(`${prefix}.`));
  return key ? errors[key] : undefined;
}

/** One section of the editor: a card the section bar scrolls to. */
export function SectionCard({ id, title, description, children, actions }: { id: EditorSection; title: ReactNode; description?: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <Card id={`section-${id}`} data-testid={`studio-panel-${id}`} data-section={id} className="relative flex scroll-mt-36 flex-col gap-5 p-5 sm:p-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="font-semibold">{title}</h2>
          {description && <p className="mt-1 text-sm text-muted-foreground">{description}</p>}
        </div>
        {actions}
      </div>
      {children}
    </Card>
  );
}

/** A field error not tied to a single input (a list, a group of checkboxes). */
export function GroupError({ message, id }: { message: string | undefined; id?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" data-testid="field-error" className="text-xs font-medium text-destructive">
      {message}
    </p>
  );
}
