import { createSourceInput, documentListInput, id, knowledgeSearchInput, updateSourceInput } from "@atelier/validators";
import { SUPPORTED_EXTENSIONS } from "@atelier/knowledge";
import { z } from "zod";
import { deleteDocument, getDocument, listDocuments } from "../services/knowledge/documents";
import { searchKnowledge } from "../services/knowledge/search";
import {
  cancelJob,
  createSource,
  deleteSource,
  getSource,
  listJobs,
  listSources,
  setSourcePaused,
  syncSource,
  updateSource,
} from "../services/knowledge/sources";
import { builderProcedure, router } from "../trpc";

/** The Knowledge area (builders and admins): sources, syncs, documents, search playground. */
export const knowledgeRouter = router({
  settings: builderProcedure.query(({ ctx }) => ({
    folderRoots: ctx.user.role === "admin" ? ctx.knowledge.settings.folderRoots : [],
    folderSourcesEnabled: ctx.knowledge.settings.folderRoots.length > 0,
    maxFileBytes: ctx.knowledge.settings.maxFileBytes,
    supportedExtensions: [...SUPPORTED_EXTENSIONS],
  })),
  sources: builderProcedure.query(({ ctx }) => listSources({ ctx })),
  source: builderProcedure.input(z.object({ id })).query(({ ctx, input }) => getSource({ ctx, input })),
  createSource: builderProcedure.input(createSourceInput).mutation(({ ctx, input }) => createSource({ ctx, input })),
  updateSource: builderProcedure.input(updateSourceInput).mutation(({ ctx, input }) => updateSource({ ctx, input })),
  deleteSource: builderProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteSource({ ctx, input })),
  syncSource: builderProcedure.input(z.object({ id })).mutation(({ ctx, input }) => syncSource({ ctx, input })),
  setPaused: builderProcedure.input(z.object({ id, paused: z.boolean() })).mutation(({ ctx, input }) => setSourcePaused({ ctx, input })),
  cancelJob: builderProcedure.input(z.object({ id })).mutation(({ ctx, input }) => cancelJob({ ctx, input })),
  jobs: builderProcedure.input(z.object({ sourceId: id })).query(({ ctx, input }) => listJobs({ ctx, input })),
  documents: builderProcedure.input(documentListInput).query(({ ctx, input }) => listDocuments({ ctx, input })),
  document: builderProcedure.input(z.object({ id })).query(({ ctx, input }) => getDocument({ ctx, input })),
  deleteDocument: builderProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteDocument({ ctx, input })),
  search: builderProcedure.input(knowledgeSearchInput).query(({ ctx, input }) => searchKnowledge({ ctx, input })),
});
