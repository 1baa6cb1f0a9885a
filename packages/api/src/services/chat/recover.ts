import { eq } from "drizzle-orm";
import { messages, type Db } from "@atelier/db";

/** At boot: answers left "streaming" by a crash or kill are marked "interrupted", their partial text kept. */
export function markInterruptedAnswers(db: Db): number {
  return db.update(messages).set({ status: "interrupted" }).where(eq(messages.status, "streaming")).run().changes;
}
