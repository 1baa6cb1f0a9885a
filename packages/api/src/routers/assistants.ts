import { createAssistantInput, diffVersionsInput, id, publishAssistantInput, updateAssistantInput } from "@atelier/validators";
import { z } from "zod";
import { createAssistant, deleteAssistant, getAssistant, listEditableAssistants, listUsableAssistants, updateAssistant } from "../services/assistants/assistants";
import { listEditors, setEditors } from "../services/assistants/editors";
import { createFromTemplate, duplicateAssistant, exportAssistant, importAssistant, listTemplates } from "../services/assistants/portable";
import { diffVersions, listVersions, restoreVersion } from "../services/assistants/versions";
import { publishWithGate } from "../services/eval/publish-gate";
import { builderProcedure, protectedProcedure, router } from "../trpc";

const language = z.enum(["en", "fr"]).default("en");

export const assistantsRouter = router({
  /** Assistants the user may chat with (the directory and the Chat picker). */
  list: protectedProcedure.query(({ ctx }) => listUsableAssistants({ ctx })),
  /** Assistants the user may edit (Studio). */
  listEditable: builderProcedure.query(({ ctx }) => listEditableAssistants({ ctx })),
  byId: protectedProcedure.input(z.object({ id })).query(({ ctx, input }) => getAssistant({ ctx, input })),
  create: builderProcedure.input(createAssistantInput).mutation(({ ctx, input }) => createAssistant({ ctx, input })),
  /** Edits the draft. */
  update: builderProcedure.input(updateAssistantInput).mutation(({ ctx, input }) => updateAssistant({ ctx, input })),
  delete: builderProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteAssistant({ ctx, input })),
  /** Publishes the draft through the quality gate (see publishWithGate): published, checking, or blocked. */
  publish: builderProcedure
    .input(publishAssistantInput.extend({ recheck: z.boolean().optional() }))
    .mutation(({ ctx, input }) => publishWithGate({ ctx, input })),
  versions: builderProcedure.input(z.object({ assistantId: id })).query(({ ctx, input }) => listVersions({ ctx, input })),
  diff: builderProcedure.input(diffVersionsInput).query(({ ctx, input }) => diffVersions({ ctx, input })),
  restore: builderProcedure.input(z.object({ versionId: id })).mutation(({ ctx, input }) => restoreVersion({ ctx, input })),
  editors: builderProcedure.input(z.object({ id })).query(({ ctx, input }) => listEditors({ ctx, input })),
  setEditors: builderProcedure.input(z.object({ id, userIds: z.array(id).max(50) })).mutation(({ ctx, input }) => setEditors({ ctx, input })),
  duplicate: builderProcedure.input(z.object({ id })).mutation(({ ctx, input }) => duplicateAssistant({ ctx, input })),
  exportYaml: builderProcedure.input(z.object({ id })).query(({ ctx, input }) => exportAssistant({ ctx, input })),
  importYaml: builderProcedure.input(z.object({ yaml: z.string().min(1, { message: "Choose a file" }).max(600_000) })).mutation(({ ctx, input }) => importAssistant({ ctx, input })),
  templates: builderProcedure.input(z.object({ language })).query(({ input }) => listTemplates({ input })),
  createFromTemplate: builderProcedure
    .input(z.object({ templateId: z.string().min(1).max(40), language }))
    .mutation(({ ctx, input }) => createFromTemplate({ ctx, input })),
});
