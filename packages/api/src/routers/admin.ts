import { createUserInput, id, teamInput, updateUserInput } from "@atelier/validators";
import { z } from "zod";
import { createTeam, deleteTeam, listTeams, renameTeam } from "../services/teams/teams";
import { createUser, listUsers, updateUser } from "../services/users/users";
import { adminProcedure, protectedProcedure, router } from "../trpc";

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers({ ctx })),
  create: adminProcedure.input(createUserInput).mutation(({ ctx, input }) => createUser({ ctx, input })),
  update: adminProcedure.input(updateUserInput).mutation(({ ctx, input }) => updateUser({ ctx, input })),
});

export const teamsRouter = router({
  list: protectedProcedure.query(({ ctx }) => listTeams({ ctx })),
  create: adminProcedure.input(teamInput).mutation(({ ctx, input }) => createTeam({ ctx, input })),
  rename: adminProcedure.input(teamInput.extend({ id })).mutation(({ ctx, input }) => renameTeam({ ctx, input })),
  delete: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteTeam({ ctx, input })),
});
