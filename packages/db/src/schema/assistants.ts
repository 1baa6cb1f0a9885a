import { relations } from "drizzle-orm";
import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, id, updatedAt } from "./columns";
import { models } from "./providers";
import { teams } from "./teams";
import { users } from "./users";

export const assistantVisibilities = ["private", "team", "workspace"] as const;
export type AssistantVisibility = (typeof assistantVisibilities)[number];

export const assistants = sqliteTable(
  "assistants",
  {
    id: id(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    emoji: text("emoji").notNull().default("🤖"),
    instructions: text("instructions").notNull().default(""),
    /** A row of `models`; null means the workspace default chat model. */
    modelId: text("model_id").references(() => models.id, { onDelete: "set null" }),
    temperature: real("temperature").notNull().default(0.3),
    maxOutputTokens: integer("max_output_tokens").notNull().default(1024),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    visibility: text("visibility", { enum: assistantVisibilities }).notNull().default("private"),
    /** The team that can use the assistant when visibility is "team". */
    teamId: text("team_id").references(() => teams.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("assistants_owner_idx").on(t.ownerId), index("assistants_team_idx").on(t.teamId)],
);

export const assistantsRelations = relations(assistants, ({ one }) => ({
  owner: one(users, { fields: [assistants.ownerId], references: [users.id] }),
  team: one(teams, { fields: [assistants.teamId], references: [teams.id] }),
}));

export type Assistant = typeof assistants.$inferSelect;
