import { id } from "@atelier/validators";
import { z } from "zod";
import { assistantDashboard, compareVersions, monitoringOverview, usageBreakdown, usageBreakdownCsv } from "../services/monitoring/dashboards";
import { builderProcedure, router } from "../trpc";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Use the YYYY-MM-DD format" });
const range = z.object({ from: isoDate.optional(), to: isoDate.optional() });

/** Dashboards: builders see the assistants they edit, admins all of them. */
export const monitoringRouter = router({
  overview: builderProcedure.input(range).query(({ ctx, input }) => monitoringOverview({ ctx, input })),
  assistant: builderProcedure.input(range.extend({ assistantId: id })).query(({ ctx, input }) => assistantDashboard({ ctx, input })),
  compareVersions: builderProcedure.input(range.extend({ assistantId: id, versionIds: z.tuple([id, id]) })).query(({ ctx, input }) => compareVersions({ ctx, input })),
  usage: builderProcedure.input(range.extend({ by: z.enum(["team", "model"]) })).query(({ ctx, input }) => usageBreakdown({ ctx, input })),
  usageCsv: builderProcedure.input(range.extend({ by: z.enum(["team", "model"]) })).query(({ ctx, input }) => usageBreakdownCsv({ ctx, input })),
});
