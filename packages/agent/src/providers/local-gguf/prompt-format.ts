import type { BaseMessage } from "@langchain/core/messages";
import type { ChatHistoryItem } from "node-llama-cpp";

type Role = "system" | "user" | "assistant";

interface Turn {
  role: Role;
  text: string;
}

function roleOf(message: BaseMessage): Role {
  const type: string = message.getType();
  if (type === "system" || type === "developer") return "system";
  if (type === "ai") return "assistant";
  return "user";
}

function turnsOf(messages: BaseMessage[]): Turn[] {
  return messages.map((message) => {
    const role = roleOf(message);
    const type: string = message.getType();
    // Tool and function results have no place of their own in a plain chat template: show them as user text.
    const text = type === "tool" || type === "function" ? `Tool result: ${message.text}` : message.text;
    return { role, text };
  });
}

/** LangChain messages as a node-llama-cpp chat history ending with the model turn to generate. */
export function toChatHistory(messages: BaseMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  for (const turn of turnsOf(messages)) {
    const last = history.at(-1);
    if (turn.role === "system") history.push({ type: "system", text: turn.text });
    else if (turn.role === "user") {
      if (last?.type === "user") last.text += `\n\n${turn.text}`;
      else history.push({ type: "user", text: turn.text });
    } else if (last?.type === "model") last.response.push(turn.text);
    else history.push({ type: "model", response: [turn.text] });
  }
  // A trailing assistant message is a prefix the model continues; otherwise open an empty model turn.
  if (history.at(-1)?.type !== "model") history.push({ type: "model", response: [] });
  return history;
}

const plainLabels: Record<Role, string> = { system: "System", user: "User", assistant: "Assistant" };

/** Stop sequences of the plain-text format: the model starting the next turn by itself. */
export const plainStopTriggers = ["\nUser:", "\nSystem:"];

/** A plain-text prompt for models without a chat template ("System: …\nUser: …\nAssistant:"). */
export function toPlainPrompt(messages: BaseMessage[]): string {
  const turns = turnsOf(messages);
  const last = turns.at(-1);
  const prefill = last?.role === "assistant" ? (turns.pop() as Turn).text : undefined;
  const lines = turns.map((turn) => `${plainLabels[turn.role]}: ${turn.text}`);
  lines.push(prefill === undefined ? "Assistant:" : `Assistant: ${prefill}`);
  return lines.join("\n");
}
