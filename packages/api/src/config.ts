/** What the API needs to know about its environment; built by the server from validated env. */
export interface ApiConfig {
  sessionTtlMs: number;
  /** Mark cookies Secure (set when served over HTTPS). */
  secureCookies: boolean;
  /** Longest chat message accepted, in characters. */
  maxMessageChars: number;
  /** scrypt cost parameter N (2^15 in production; tests may lower it). */
  passwordHashCost?: number;
}

export const SESSION_COOKIE = "atelier_session";
