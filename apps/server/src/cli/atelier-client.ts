import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@atelier/api";

/** A tRPC client for scripts: plain HTTP, keeping the session cookie that sign-in sets. */
export function atelierClient(baseUrl: string) {
  let session: string | null = null;
  const fetchWithSession: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (session) headers.set("cookie", session);
    const res = await fetch(input, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(";")[0]!;
      if (pair.startsWith("atelier_session=")) session = /Max-Age=0/i.test(line) ? null : pair;
    }
    return res;
  };
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${baseUrl.replace(/\/$/, "")}/trpc`, transformer: superjson, fetch: fetchWithSession })],
  });
}
