import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, id, updatedAt } from "./columns";
import { users } from "./users";

/**
 * Credentials that tools use (an HTTP action's API key), encrypted at rest with the server's
 * secret key; never sent back to the browser. A secret belongs to the builder who stored it.
 */
export const secrets = sqliteTable(
  "secrets",
  {
    id: id(),
    name: text("name").notNull(),
    valueEncrypted: text("value_encrypted").notNull(),
    /** The last four characters, to recognise the secret in the Studio. */
    hint: text("hint").notNull(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("secrets_owner_idx").on(t.ownerId)],
);

export type Secret = typeof secrets.$inferSelect;
