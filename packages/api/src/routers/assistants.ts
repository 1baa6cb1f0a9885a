import { createAssistantInput, id, updateAssistantInput } from "@atelier/validators";
import { z } from "zod";
import { createAssistant, deleteAssistant, getAssistant, listEditableAssistants, listUsableAssistants, updateAssistant } from "../services/assistants/assistants";
import { builderProcedure, protectedProcedure, router } from "../trpc";

export const assistantsRouter = router({
  /** Assistants the user may chat with. */
  list: protectedProcedure.query(({ ctx }) => listUsableAssistants({ ctx })),
  /** Assistants the user may edit (Studio). */
  listEditable: builderProcedure.query(({ ctx }) => listEditableAssistants({ ctx })),
  byId: protectedProcedure.input(z.object({ id })).query(({ ctx, input }) => getAssistant({ ctx, input })),
  create: builderProcedure.input(createAssistantInput).mutation(({ ctx, input }) => createAssistant({ ctx, input })),
  update: protectedProcedure.input(updateAssistantInput).mutation(({ ctx, input }) => updateAssistant({ ctx, input })),
  delete: protectedProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteAssistant({ ctx, input })),
});
