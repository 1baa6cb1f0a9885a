import { loginInput, setupInput } from "@atelier/validators";
import { z } from "zod";
import { isSetupRequired, setupWorkspace } from "../services/auth/setup-workspace";
import { signIn, signOut } from "../services/auth/sign-in";
import { setLocale } from "../services/users/users";
import { protectedProcedure, publicProcedure, router } from "../trpc";

export const authRouter = router({
  /** Public: whether first-run setup is needed and who is signed in (null when nobody). */
  session: publicProcedure.query(({ ctx }) => ({ setupRequired: isSetupRequired(ctx), user: ctx.user })),
  setup: publicProcedure.input(setupInput).mutation(({ ctx, input }) => setupWorkspace({ ctx, input })),
  login: publicProcedure.input(loginInput).mutation(({ ctx, input }) => signIn({ ctx, input })),
  logout: protectedProcedure.mutation(({ ctx }) => signOut({ ctx })),
  setLocale: protectedProcedure.input(z.object({ locale: z.enum(["en", "fr"]) })).mutation(({ ctx, input }) => setLocale({ ctx, input })),
});
