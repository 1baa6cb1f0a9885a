import { assistantsRouter } from "./routers/assistants";
import { authRouter } from "./routers/auth";
import { chatRouter } from "./routers/chat";
import { evaluationRouter } from "./routers/evaluation";
import { alertsRouter } from "./routers/alerts";
import { monitoringRouter } from "./routers/monitoring";
import { reviewRouter } from "./routers/review";
import { knowledgeRouter } from "./routers/knowledge";
import { secretsRouter } from "./routers/secrets";
import { teamsRouter, usersRouter } from "./routers/admin";
import { modelsRouter } from "./routers/models";
import { workspaceRouter } from "./routers/workspace";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  workspace: workspaceRouter,
  assistants: assistantsRouter,
  chat: chatRouter,
  users: usersRouter,
  teams: teamsRouter,
  models: modelsRouter,
  knowledge: knowledgeRouter,
  secrets: secretsRouter,
  evaluation: evaluationRouter,
  monitoring: monitoringRouter,
  review: reviewRouter,
  alerts: alertsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
