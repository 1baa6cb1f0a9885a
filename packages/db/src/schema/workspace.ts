import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";

/** The single workspace of this install (one row, id = 1). Created by first-run setup. */
export const workspace = sqliteTable("workspace", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export type Workspace = typeof workspace.$inferSelect;
