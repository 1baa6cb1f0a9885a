import { z } from "zod";

/** Ids are 20 characters of [0-9a-v]; anything else is rejected before touching the database. */
export const idPattern = /^[0-9a-v]{20}$/;
export const id = z.string().regex(idPattern, { message: "Malformed id" });

export const roles = ["admin", "builder", "member"] as const;
export type Role = (typeof roles)[number];
export const visibilities = ["private", "team", "workspace"] as const;
export type Visibility = (typeof visibilities)[number];

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { message: "Email is required" })
  .max(254)
  .email({ message: "Enter a valid email address" });
export const password = z
  .string()
  .min(10, { message: "Use at least 10 characters" })
  .max(256, { message: "Use at most 256 characters" });
export const personName = z.string().trim().min(1, { message: "Name is required" }).max(100, { message: "Use at most 100 characters" });

export const setupInput = z.object({
  workspaceName: z.string().trim().min(1, { message: "Workspace name is required" }).max(100),
  name: personName,
  email,
  password,
});
export type SetupInput = z.infer<typeof setupInput>;

export const loginInput = z.object({
  email,
  password: z.string().min(1, { message: "Password is required" }).max(256),
});

export const createUserInput = z.object({
  name: personName,
  email,
  password,
  role: z.enum(roles),
  teamIds: z.array(id).max(100).default([]),
});
export type CreateUserInput = z.input<typeof createUserInput>;

export const updateUserInput = z.object({
  id,
  role: z.enum(roles).optional(),
  teamIds: z.array(id).max(100).optional(),
  disabled: z.boolean().optional(),
});

export const teamInput = z.object({
  name: z.string().trim().min(1, { message: "Team name is required" }).max(80, { message: "Use at most 80 characters" }),
});

export const assistantFields = z.object({
  name: z.string().trim().min(1, { message: "Name is required" }).max(80, { message: "Use at most 80 characters" }),
  description: z.string().trim().max(500, { message: "Use at most 500 characters" }).default(""),
  emoji: z.string().trim().min(1, { message: "Pick an emoji" }).max(16).default("🤖"),
  instructions: z.string().max(20000, { message: "Use at most 20,000 characters" }).default(""),
  model: z.string().trim().max(200).nullable().default(null),
  temperature: z.number({ message: "Enter a number" }).min(0, { message: "Between 0 and 2" }).max(2, { message: "Between 0 and 2" }).default(0.3),
  maxOutputTokens: z
    .number({ message: "Enter a number" })
    .int({ message: "Enter a whole number" })
    .min(16, { message: "At least 16" })
    .max(32768, { message: "At most 32,768" })
    .default(1024),
  visibility: z.enum(visibilities).default("private"),
  teamId: id.nullable().default(null),
});

const teamRequired = (v: { visibility?: string; teamId?: string | null }) => v.visibility !== "team" || !!v.teamId;
const teamRequiredIssue = { message: "Choose the team that may use this assistant", path: ["teamId"] };

export const createAssistantInput = assistantFields.refine(teamRequired, teamRequiredIssue);
export type CreateAssistantInput = z.input<typeof createAssistantInput>;
export const updateAssistantInput = assistantFields.extend({ id }).refine(teamRequired, teamRequiredIssue);
export type UpdateAssistantInput = z.input<typeof updateAssistantInput>;

/** Hard ceiling; the server applies its configured (lower or equal) limit on top. */
export const MESSAGE_HARD_LIMIT = 200_000;
export const sendMessageInput = z.object({
  conversationId: id.optional(),
  assistantId: id,
  content: z.string().max(MESSAGE_HARD_LIMIT, { message: "This message is too long" }).refine((s) => s.trim().length > 0, { message: "Write a message first" }),
});
export type SendMessageInput = z.infer<typeof sendMessageInput>;
