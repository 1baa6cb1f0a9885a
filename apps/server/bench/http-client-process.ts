/**
 * Plays `concurrency` browsers against an Atelier server, in its own process so that the
 * clients' work does not count as the server's. Prints one JSON array of samples.
 */
import { browserLikeClient } from "../test/client";
import { lanes, type Sample } from "./stats";

const [url, email, assistantId, concurrency, rounds] = process.argv.slice(2);
const http = browserLikeClient(url!);
await http.client.auth.login.mutate({ email: email!, password: "benchmark password" });

const one = (): Promise<Sample> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    http.client.chat.send.mutate({ assistantId: assistantId!, content: "bench" }).then((sent) => {
      let ttft = Number.NaN;
      const sub = http.client.chat.onMessage.subscribe(
        { messageId: sent.assistantMessageId },
        {
          onData: ({ data }) => {
            if (data.type === "token" && Number.isNaN(ttft)) ttft = performance.now() - started;
            if (data.type === "done") {
              sub.unsubscribe();
              if (data.status !== "done") reject(new Error(data.error ?? data.status));
              else resolve({ ttft, total: performance.now() - started });
            }
          },
          onError: reject,
        },
      );
    }, reject);
  });

await lanes(Math.min(4, Number(concurrency)), 5, one); // warm up
console.log(JSON.stringify(await lanes(Number(concurrency), Number(rounds), one)));
process.exit(0);
