import { and, asc, eq, isNull, lte, or } from "drizzle-orm";
import { webhookDeliveries } from "@atelier/db";
import { BlockedAddressError, ConnectorError, createSafeFetch, type SafeFetch } from "@atelier/knowledge";
import type { Services } from "../../context";

type SenderServices = Pick<Services, "db" | "logger" | "knowledge">;
type Delivery = typeof webhookDeliveries.$inferSelect;

export interface WebhookSenderOptions {
  /** Wait before each retry; a delivery has 1 + retryDelaysMs.length attempts. */
  retryDelaysMs?: number[];
  /** How often due deliveries are looked for; 0: never (tests call `flush`). Default 5 s. */
  pollMs?: number;
  /** Longest wait for one webhook's answer. Default 10 s. */
  timeoutMs?: number;
  /** Test seam; default: the private-address guard (`createSafeFetch`) with the administrator's allowed hosts, no redirects. */
  fetch?: SafeFetch;
}

export interface FlushResult {
  delivered: number;
  retrying: number;
  failed: number;
}

const BATCH = 20;

/** A readable reason for a failed attempt, and whether trying again could help. */
function failureOf(error: unknown): { message: string; permanent: boolean } {
  if (error instanceof BlockedAddressError) return { message: error.message, permanent: true };
  if (error instanceof ConnectorError) {
    if (error.code === "invalid_url") return { message: error.message, permanent: true };
    if (error.code === "http_error" && /redirected/.test(error.message)) return { message: "The webhook answered with a redirect; Atelier does not follow redirects for webhooks. Use the final address.", permanent: false };
    return { message: error.message, permanent: false };
  }
  return { message: "The webhook could not be called (unexpected error).", permanent: false };
}

/**
 * Sends the queued alert webhooks (rows of webhook_deliveries): a JSON POST through the
 * private-address guard, never following redirects, 10 s at most. A 2xx answer delivers it;
 * anything else is retried after each of `retryDelaysMs`, then the delivery is marked failed.
 * A private address nobody allowed fails at once. Deliveries survive restarts (they are rows).
 */
export class WebhookSender {
  private readonly retryDelaysMs: number[];
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private busy = false;
  private controller = new AbortController();

  constructor(
    private readonly servicesOf: () => SenderServices,
    private readonly options: WebhookSenderOptions = {},
  ) {
    this.retryDelaysMs = options.retryDelaysMs ?? [5_000, 30_000, 120_000, 600_000];
  }

  start() {
    const every = this.options.pollMs ?? 5_000;
    if (this.timer || every <= 0) return;
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.flush().catch((e) => this.servicesOf().logger.error({ err: e }, "alert webhooks could not be sent"));
    }, every);
    this.timer.unref();
  }

  /** Stops polling and abandons the requests in flight (their deliveries stay pending). */
  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.controller.abort();
    await this.chain;
    this.controller = new AbortController();
  }

  /** Sends every delivery due at `now`; flushes run one after the other. */
  flush(now = new Date()): Promise<FlushResult> {
    const run = this.chain.then(() => this.sendDue(now));
    this.chain = run.catch(() => {});
    return run;
  }

  private async sendDue(now: Date): Promise<FlushResult> {
    this.busy = true;
    const result: FlushResult = { delivered: 0, retrying: 0, failed: 0 };
    try {
      const { db } = this.servicesOf();
      const due = db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.status, "pending"), or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, now))))
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(BATCH)
        .all();
      if (due.length === 0) return result;
      const fetch = this.options.fetch ?? createSafeFetch({ allowedHosts: this.servicesOf().knowledge.settings.allowedPrivateHosts, maxRedirects: 0, timeoutMs: this.options.timeoutMs ?? 10_000, maxBytes: 1024 * 1024, userAgent: "Atelier" });
      const outcomes = await Promise.all(due.map((delivery) => this.send(fetch, delivery, now)));
      for (const outcome of outcomes) if (outcome) result[outcome]++;
      return result;
    } finally {
      this.busy = false;
    }
  }

  private async send(fetch: SafeFetch, delivery: Delivery, now: Date): Promise<keyof FlushResult | null> {
    const signal = this.controller.signal;
    let failure: { message: string; permanent: boolean };
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Atelier", "x-atelier-event": "alert" },
        body: JSON.stringify(delivery.payload),
        signal,
      });
      if (response.status >= 200 && response.status < 300) {
        this.record(delivery, { status: "delivered", attempts: delivery.attempts + 1, lastError: null, nextAttemptAt: null });
        return "delivered";
      }
      failure = { message: `The webhook answered HTTP ${response.status}.`, permanent: false };
    } catch (error) {
      if (signal.aborted) return null;
      failure = failureOf(error);
    }
    const attempts = delivery.attempts + 1;
    const delay = this.retryDelaysMs[attempts - 1];
    if (failure.permanent || delay === undefined) {
      this.record(delivery, { status: "failed", attempts, lastError: failure.message, nextAttemptAt: null });
      this.servicesOf().logger.warn({ deliveryId: delivery.id, ruleId: delivery.ruleId, attempts, error: failure.message }, "alert webhook failed");
      return "failed";
    }
    this.record(delivery, { status: "pending", attempts, lastError: failure.message, nextAttemptAt: new Date(now.getTime() + delay) });
    return "retrying";
  }

  private record(delivery: Delivery, set: Pick<Delivery, "status" | "attempts" | "lastError" | "nextAttemptAt">) {
    this.servicesOf().db.update(webhookDeliveries).set(set).where(eq(webhookDeliveries.id, delivery.id)).run();
  }
}
