import { AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";

/**
 * TEST DOUBLE — a chat model that streams a scripted reply word by word, with no usage metadata
 * (like providers that report none), and records the messages it received.
 */
export class ScriptedChatModel extends BaseChatModel {
  readonly received: BaseMessage[][] = [];
  constructor(private readonly reply: string) {
    super({});
  }
  _llmType() {
    return "scripted-test-double";
  }
  override async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    this.received.push(messages);
    return { generations: [{ text: this.reply, message: new AIMessageChunk(this.reply) }] };
  }
  override async *_streamResponseChunks(messages: BaseMessage[]): AsyncGenerator<ChatGenerationChunk> {
    this.received.push(messages);
    const words = this.reply.match(/\S+\s*/g) ?? [];
    for (let i = 0; i < words.length; i++) {
      const last = i === words.length - 1;
      yield new ChatGenerationChunk({ text: words[i]!, message: new AIMessageChunk({ content: words[i]!, response_metadata: last ? { finish_reason: "stop" } : {} }) });
    }
  }
}
