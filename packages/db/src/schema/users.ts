import { relations } from "drizzle-orm";
import { sqliteTable, text, uniqueIndex, integer } from "drizzle-orm/sqlite-core";
import { createdAt, id, timestamp, updatedAt } from "./columns";
import { teamMembers } from "./teams";

export const userRoles = ["admin", "builder", "member"] as const;
export type UserRole = (typeof userRoles)[number];

export const users = sqliteTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: userRoles }).notNull().default("member"),
    locale: text("locale"),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    lastLoginAt: timestamp("last_login_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const usersRelations = relations(users, ({ many }) => ({
  teams: many(teamMembers),
}));

export type User = typeof users.$inferSelect;
