import type { Services } from "../../context";
import { backfillAnswerStats, recordFinishedAnswer } from "./answer-stats";

/**
 * Connects monitoring to the chat: every finished answer feeds the daily aggregates. Answers
 * saved before the aggregates existed are folded in once.
 */
export function attachMonitoring(services: Pick<Services, "db" | "chatRuns" | "logger">) {
  const backfilled = backfillAnswerStats(services.db);
  if (backfilled) services.logger.info({ answers: backfilled }, "monitoring aggregates rebuilt from saved answers");
  services.chatRuns.onFinished((answer) => recordFinishedAnswer(services.db, answer));
}
