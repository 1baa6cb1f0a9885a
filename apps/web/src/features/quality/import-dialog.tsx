import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Download, FileUp } from "lucide-react";
import { useId, useRef, useState } from "react";
import { Alert, FormError } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Spinner } from "~/components/ui/skeleton";
import { useI18n } from "~/i18n";
import { formatCount } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { errorInfo } from "~/lib/errors";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { CASE_FILE_ACCEPT, CASE_TEMPLATE_CSV, decodeCaseFile, downloadText, MAX_CASE_FILE_CHARS } from "./case-file";
import type { ImportPreview } from "./types";

const COLUMNS = ["question", "reference_answer", "expect_abstention", "expected_sources", "tags", "language"] as const;

/**
 * "Import": a CSV or JSON Lines file read in the browser, previewed row by row by the API (valid
 * rows, invalid ones with their line and reason, ignored columns), then its valid rows added.
 */
export function ImportDialog({ suiteId, onClose, onImported }: { suiteId: string; onClose: () => void; onImported: (message: string) => void }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const inputId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The server caps the size of one request below the API's own limit: say what to do about it.
  const sentence = (e: unknown) => (errorInfo(e).code === "PAYLOAD_TOO_LARGE" ? t("quality.import.tooLargeToSend") : errors.message(e));
  const previewImport = useMutation(
    trpc.evaluation.previewImport.mutationOptions({
      onSuccess: (result) => setPreview(result),
      onError: (e) => setError(sentence(e)),
    }),
  );
  const importCases = useMutation(
    trpc.evaluation.importCases.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.evaluation.pathKey() });
        onImported(t("quality.import.done", { imported: formatCount(result.imported, locale), skipped: formatCount(result.errors.length, locale) }));
        onClose();
      },
      onError: (e) => setError(sentence(e)),
    }),
  );
  const pending = previewImport.isPending || importCases.isPending;

  async function choose(chosen: File | undefined) {
    if (!chosen) return;
    setError(null);
    setPreview(null);
    setFile(null);
    const text = decodeCaseFile(await chosen.arrayBuffer());
    if (text.length > MAX_CASE_FILE_CHARS) {
      setError(t("errors.app.eval.file_too_large"));
      return;
    }
    setFile({ name: chosen.name, text });
    previewImport.mutate({ suiteId, fileName: chosen.name, text });
  }

  const canImport = !!file && !!preview && !preview.error && preview.valid > 0;
  return (
    <Dialog open onOpenChange={(open) => !open && !pending && onClose()}>
      <DialogContent className="max-w-3xl">
        <DialogHeader>
          <DialogTitle>{t("quality.import.title")}</DialogTitle>
          <DialogDescription>{t("quality.import.body")}</DialogDescription>
        </DialogHeader>
        <div className="flex flex-col gap-2 rounded-md border bg-muted/30 p-3 text-sm">
          <p>{t("quality.import.columnsIntro")}</p>
          <ul className="grid gap-1 text-xs sm:grid-cols-2">
            {COLUMNS.map((c) => (
              <li key={c} className="flex min-w-0 flex-col">
                <code className="font-mono font-medium">{c}</code>
                <span className="text-muted-foreground">{t(`quality.import.columns.${c}`)}</span>
              </li>
            ))}
          </ul>
          <p className="text-xs text-muted-foreground">{t("quality.import.listsHelp")}</p>
          <div>
            <Button variant="link" size="sm" className="h-auto px-0" onClick={() => downloadText("test-cases-template.csv", `\uFEFF${CASE_TEMPLATE_CSV}`, "text/csv")} data-testid="import-template">
              <Download aria-hidden />
              {t("quality.import.template")}
            </Button>
          </div>
        </div>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <input
            ref={fileRef}
            id={inputId}
            type="file"
            accept={CASE_FILE_ACCEPT}
            className="sr-only"
            onChange={(e) => {
              void choose(e.target.files?.[0]);
              e.target.value = "";
            }}
            data-testid="import-file"
          />
          <Button variant="outline" onClick={() => fileRef.current?.click()} disabled={pending} data-testid="import-choose">
            <FileUp aria-hidden />
            {file ? t("quality.import.chooseAnother") : t("quality.import.choose")}
          </Button>
          {file && <span className="min-w-0 truncate text-sm text-muted-foreground">{file.name}</span>}
          {previewImport.isPending && <Spinner label={t("quality.import.reading")} />}
        </div>
        <FormError message={error} />
        {preview && <PreviewTable preview={preview} />}
        <DialogFooter>
          <Button variant="ghost" onClick={onClose} disabled={pending}>
            {t("common.cancel")}
          </Button>
          <Button onClick={() => file && importCases.mutate({ suiteId, fileName: file.name, text: file.text })} disabled={!canImport || pending} data-testid="import-confirm">
            {importCases.isPending ? t("quality.import.importing") : !preview || preview.error ? t("quality.import.confirmNone") : preview.valid === 1 ? t("quality.import.confirmOne") : t("quality.import.confirm", { count: formatCount(preview.valid, locale) })}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function PreviewTable({ preview }: { preview: ImportPreview }) {
  const { t, locale } = useI18n();
  if (preview.error) {
    return (
      <Alert variant="destructive" title={t("quality.import.fileError")} data-testid="import-file-error">
        {preview.error}
      </Alert>
    );
  }
  return (
    <div className="flex min-w-0 flex-col gap-3" data-testid="import-preview" data-valid={preview.valid} data-invalid={preview.invalid}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge variant="success">{t("quality.import.valid", { count: formatCount(preview.valid, locale) })}</Badge>
        {preview.invalid > 0 && <Badge variant="destructive">{t("quality.import.invalid", { count: formatCount(preview.invalid, locale) })}</Badge>}
        <span className="text-xs text-muted-foreground">{t("quality.import.format", { format: preview.format === "csv" ? "CSV" : "JSON Lines" })}</span>
      </div>
      {preview.ignoredColumns.length > 0 && (
        <p className="text-xs text-muted-foreground" data-testid="import-ignored">
          {t("quality.import.ignored")}{" "}
          {preview.ignoredColumns.map((c) => (
            <code key={c} className="mr-1 rounded bg-muted px-1 py-0.5 font-mono">
              {c}
            </code>
          ))}
        </p>
      )}
      <div className="max-h-72 overflow-auto rounded-md border">
        <table className="w-full min-w-[36rem] text-sm">
          <thead className="sticky top-0 border-b bg-muted text-left text-xs text-muted-foreground">
            <tr>
              <th scope="col" className="w-16 px-3 py-2 font-medium">{t("quality.import.line")}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t("quality.cases.columns.question")}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t("quality.cases.columns.reference")}</th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {preview.rows.map((row) => (
              <tr key={row.line} className={cn("align-top", row.error && "bg-destructive/5")} data-testid="import-row" data-valid={!row.error}>
                <td className="px-3 py-2 tabular-nums text-muted-foreground">{row.line}</td>
                {row.case ? (
                  <>
                    <td className="px-3 py-2">{row.case.question}</td>
                    <td className="px-3 py-2 text-muted-foreground">
                      {row.case.expectAbstention ? <Badge variant="secondary">{t("quality.cases.shouldAbstain")}</Badge> : row.case.referenceAnswer}
                    </td>
                  </>
                ) : (
                  <td colSpan={2} className="px-3 py-2 font-medium text-destructive" data-testid="import-row-error">
                    {row.error}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.rows.length < preview.valid + preview.invalid && (
        <p className="text-xs text-muted-foreground">{t("quality.import.truncated", { shown: formatCount(preview.rows.length, locale), total: formatCount(preview.valid + preview.invalid, locale) })}</p>
      )}
    </div>
  );
}
