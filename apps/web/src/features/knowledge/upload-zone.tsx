import { useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, FileUp, Loader2, XCircle } from "lucide-react";
import { useId, useRef, useState, type DragEvent } from "react";
import { Button } from "~/components/ui/button";
import { useI18n } from "~/i18n";
import { formatBytes } from "~/lib/format";
import { handleSessionError, useTRPC, type KnowledgeSettings } from "~/lib/trpc";
import { useErrors } from "~/lib/use-errors";
import { cn } from "~/lib/utils";
import { uploadFile } from "./upload-file";
import { checkFile, runQueue } from "./upload-queue";

type UploadStatus = "queued" | "uploading" | "done" | "failed";
interface UploadItem {
  key: string;
  name: string;
  size: number;
  status: UploadStatus;
  progress: number;
  error: string | null;
}

let uploadKey = 0;

/**
 * Drop zone and file picker of an upload source. Files are checked here (type, size), then sent
 * two at a time, each with its own progress and error; one failed file never stops the others.
 */
export function UploadZone({ sourceId, settings, onUploaded }: { sourceId: string; settings: KnowledgeSettings; onUploaded: () => void }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errors = useErrors();
  const queryClient = useQueryClient();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const extensions = settings.supportedExtensions.join(", ");
  const maxSize = formatBytes(settings.maxFileBytes, locale);

  const patch = (key: string, changes: Partial<UploadItem>) => setItems((list) => list.map((item) => (item.key === key ? { ...item, ...changes } : item)));

  async function add(files: File[]) {
    if (files.length === 0) return;
    const entries = files.map((file) => {
      const problem = checkFile(file, settings);
      const error =
        problem === "unsupported"
          ? t("knowledge.upload.unsupported", { extensions })
          : problem === "too_large"
            ? t("knowledge.upload.tooLarge", { size: maxSize })
            : problem === "empty"
              ? t("knowledge.upload.empty")
              : null;
      const item: UploadItem = { key: `u${++uploadKey}`, name: file.name, size: file.size, status: error ? "failed" : "queued", progress: 0, error };
      return { file, item };
    });
    setItems((list) => [...entries.map((e) => e.item), ...list]);
    const accepted = entries.filter((e) => e.item.status === "queued");
    await runQueue(accepted, 2, async ({ file, item }) => {
      patch(item.key, { status: "uploading" });
      try {
        await uploadFile(sourceId, file, (progress) => patch(item.key, { progress }));
        patch(item.key, { status: "done", progress: 1 });
        onUploaded();
      } catch (error) {
        handleSessionError(queryClient, error);
        patch(item.key, { status: "failed", error: errors.message(error) });
      }
    });
    await queryClient.invalidateQueries({ queryKey: trpc.knowledge.pathKey() });
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    void add(Array.from(e.dataTransfer.files));
  }

  const finished = items.length > 0 && items.every((i) => i.status === "done" || i.status === "failed");
  return (
    <div className="flex flex-col gap-3">
      <label
        htmlFor={inputId}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          "flex cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed bg-card px-6 py-8 text-center transition-colors hover:border-primary/60 hover:bg-primary/5 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
          dragging && "border-primary bg-primary/5",
        )}
        data-testid="upload-dropzone"
      >
        <span className="flex size-11 items-center justify-center rounded-full bg-primary/10 text-primary">
          <FileUp className="size-5" aria-hidden />
        </span>
        <span className="font-medium">{t("knowledge.upload.drop")}</span>
        <span className="max-w-lg text-xs text-muted-foreground">{t("knowledge.upload.limits", { extensions, size: maxSize })}</span>
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          multiple
          accept={settings.supportedExtensions.join(",")}
          className="sr-only"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = "";
            void add(files);
          }}
          data-testid="upload-input"
        />
      </label>
      {items.length > 0 && (
        <div className="flex flex-col gap-2">
          <ul aria-label={t("knowledge.upload.listLabel")} aria-live="polite" className="flex flex-col divide-y rounded-lg border bg-card">
            {items.map((item) => (
              <UploadRow key={item.key} item={item} />
            ))}
          </ul>
          {finished && (
            <Button variant="ghost" size="sm" className="self-end text-muted-foreground" onClick={() => setItems([])}>
              {t("knowledge.upload.clear")}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

function UploadRow({ item }: { item: UploadItem }) {
  const { t, locale } = useI18n();
  const percent = Math.round(item.progress * 100);
  const Icon = item.status === "done" ? CheckCircle2 : item.status === "failed" ? XCircle : item.status === "uploading" ? Loader2 : FileUp;
  return (
    <li className="flex flex-col gap-1.5 px-3 py-2.5" data-testid="upload-item" data-status={item.status} data-name={item.name}>
      <div className="flex items-center gap-2.5">
        <Icon
          className={cn(
            "size-4 shrink-0",
            item.status === "done" && "text-success",
            item.status === "failed" && "text-destructive",
            item.status === "uploading" && "animate-spin text-primary",
            item.status === "queued" && "text-muted-foreground",
          )}
          aria-hidden
        />
        <span className="min-w-0 flex-1 truncate text-sm font-medium" title={item.name}>
          {item.name}
        </span>
        <span className="shrink-0 text-xs text-muted-foreground tabular-nums">{formatBytes(item.size, locale)}</span>
        <span className={cn("shrink-0 text-xs", item.status === "failed" ? "font-medium text-destructive" : "text-muted-foreground")}>
          {t(`knowledge.upload.status.${item.status}`, { percent })}
        </span>
      </div>
      {item.status === "uploading" && (
        <div className="h-1 overflow-hidden rounded-full bg-primary/15" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={item.name}>
          <div className="h-full rounded-full bg-primary transition-[width]" style={{ width: `${percent}%` }} />
        </div>
      )}
      {item.error && (
        <p className="pl-6.5 text-xs text-destructive" role="alert">
          {item.error}
        </p>
      )}
    </li>
  );
}
