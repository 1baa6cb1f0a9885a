import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import type { AppRouter } from "@atelier/api";

/** A tRPC client that keeps cookies like a browser: plain HTTP for calls, SSE for subscriptions. */
export function browserLikeClient(baseUrl: string) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const fetchWithCookies: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (jar.size) headers.set("cookie", cookieHeader());
    const res = await fetch(input, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, value] = pair!.split("=");
      if (/Max-Age=0/i.test(line)) jar.delete(name!.trim());
      else jar.set(name!.trim(), value!.trim());
    }
    return res;
  };
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url: `${baseUrl}/trpc`,
          transformer: superjson,
          EventSource: EventSource as any,
          eventSourceOptions: () => ({ fetch: (url: any, init: any) => fetch(url, { ...init, headers: { ...init?.headers, cookie: cookieHeader() } }) }) as any,
        }),
        false: httpLink({ url: `${baseUrl}/trpc`, transformer: superjson, fetch: fetchWithCookies }),
      }),
    ],
  });
  return { client, jar, fetch: fetchWithCookies };
}

/** Collects a streamed answer until its final event. */
export function followAnswer(client: ReturnType<typeof browserLikeClient>["client"], messageId: string, onToken?: (n: number) => void) {
  return new Promise<{ tokens: string[]; done: any }>((resolve, reject) => {
    const tokens: string[] = [];
    const sub = client.chat.onMessage.subscribe(
      { messageId },
      {
        onData: ({ data }) => {
          if (data.type === "token") {
            tokens.push(data.text);
            onToken?.(tokens.length);
          } else if (data.type === "done") {
            sub.unsubscribe();
            resolve({ tokens, done: data });
          }
        },
        onError: (err) => {
          sub.unsubscribe();
          reject(err);
        },
      },
    );
  });
}
