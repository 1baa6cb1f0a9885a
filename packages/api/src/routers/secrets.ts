import { id } from "@atelier/validators";
import { z } from "zod";
import { createSecret, deleteSecret, listSecrets } from "../services/secrets/secrets";
import { builderProcedure, router } from "../trpc";

/** Credentials for tools (HTTP actions), stored encrypted; builders see only their own, masked. */
export const secretsRouter = router({
  list: builderProcedure.query(({ ctx }) => listSecrets({ ctx })),
  create: builderProcedure
    .input(z.object({ name: z.string().trim().min(1, { message: "Name the secret" }).max(80), value: z.string().min(4, { message: "At least 4 characters" }).max(4000) }))
    .mutation(({ ctx, input }) => createSecret({ ctx, input })),
  delete: builderProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteSecret({ ctx, input })),
});
