import { isIP } from "node:net";
import { and, desc, eq, gte, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { type AlertMetric, type AlertRule, type Assistant, alertRules, answerStatsDaily, assistantEditors, assistants, evalRuns, evalSuites, newId, notifications, usageDaily, users, webhookDeliveries } from "@atelier/db";
import { isPrivateAddress, parseAllowedHosts } from "@atelier/knowledge";
import type { Context, Services, SessionUser } from "../../context";
import { NotFoundError, ValidationError } from "../../errors";
import { loadQualityAssistant } from "../eval/quality-access";
import { dayOf } from "../usage/record-model-call";

type Ctx = Context & { user: SessionUser };
type AlertServices = Pick<Services, "db" | "logger">;

/** Days of feedback the thumbs-up rate looks at (today included), and the ratings it needs. */
export const THUMBS_WINDOW_DAYS = 7;
export const THUMBS_MIN_RATINGS = 5;

export interface AlertRuleFields {
  metric: AlertMetric;
  /** 0–1 for rates, euros for cost per day. */
  threshold: number;
  webhookUrl?: string | null;
  enabled?: boolean;
}

/** A metric as it stands now: `value` null when there is nothing to judge it on (no run, too little feedback). */
export interface MetricReading {
  value: number | null;
  crossed: boolean;
  /** One English sentence with the figures, e.g. "Last 7 days: 2 thumbs up of 6 ratings (33.3%)." */
  summary: string;
  /** The same in French, for the notifications of French-speaking users. */
  summaryFr: string;
}

const percent = (rate: number) => `${Number((rate * 100).toFixed(1))}%`;
const euros = (amount: number) => `€${amount.toFixed(2)}`;
const thresholdText = (metric: AlertMetric, threshold: number) => (metric === "cost_per_day" ? euros(threshold) : percent(threshold));
// French typography: decimal comma, a non-breaking space before % and €.
const percentFr = (rate: number) => `${String(Number((rate * 100).toFixed(1))).replace(".", ",")}\u00a0%`;
const eurosFr = (amount: number) => `${amount.toFixed(2).replace(".", ",")}\u00a0€`;
const thresholdTextFr = (metric: AlertMetric, threshold: number) => (metric === "cost_per_day" ? eurosFr(threshold) : percentFr(threshold));

// ---------------------------------------------------------------------------------------------
// Metrics

/** The latest finished run of each suite; crossed when any suite's rate is below the threshold. */
function readCorrectRate(db: AlertServices["db"], assistantId: string, threshold: number): MetricReading {
  const runs = db
    .select({ suiteId: evalRuns.suiteId, suiteName: evalSuites.name, correctRate: evalRuns.correctRate, versionLabel: evalRuns.versionLabel, passed: evalRuns.passed, total: evalRuns.total })
    .from(evalRuns)
    .innerJoin(evalSuites, eq(evalSuites.id, evalRuns.suiteId))
    .where(and(eq(evalRuns.assistantId, assistantId), eq(evalRuns.status, "done"), isNotNull(evalRuns.correctRate)))
    .orderBy(desc(evalRuns.createdAt))
    .all();
  const latest = new Map<string, (typeof runs)[number]>();
  for (const run of runs) if (!latest.has(run.suiteId)) latest.set(run.suiteId, run);
  if (latest.size === 0) return { value: null, crossed: false, summary: "No finished evaluation run yet.", summaryFr: "Aucune évaluation terminée pour l’instant." };
  const suites = [...latest.values()].sort((a, b) => a.correctRate! - b.correctRate! || a.suiteName.localeCompare(b.suiteName));
  const describe = (r: (typeof suites)[number]) => `"${r.suiteName}" ${percent(r.correctRate!)} correct (${r.versionLabel}, ${r.passed} of ${r.total} cases)`;
  const below = suites.filter((r) => r.correctRate! < threshold);
  const others = suites.filter((r) => r.correctRate! >= threshold);
  const summary = below.length
    ? `Latest run below ${percent(threshold)}: ${below.map(describe).join("; ")}.${others.length ? ` Other suites: ${others.map(describe).join("; ")}.` : ""}`
    : `Latest runs: ${suites.map(describe).join("; ")}.`;
  const describeFr = (r: (typeof suites)[number]) => `« ${r.suiteName} » ${percentFr(r.correctRate!)} de bonnes réponses (${r.versionLabel}, ${r.passed} cas sur ${r.total})`;
  const summaryFr = below.length
    ? `Dernière évaluation sous ${percentFr(threshold)} : ${below.map(describeFr).join(" ; ")}.${others.length ? ` Autres jeux de tests : ${others.map(describeFr).join(" ; ")}.` : ""}`
    : `Dernières évaluations : ${suites.map(describeFr).join(" ; ")}.`;
  return { value: suites[0]!.correctRate, crossed: below.length > 0, summary, summaryFr };
}

/** Thumbs up / rated answers over the last THUMBS_WINDOW_DAYS UTC days, once there are enough ratings. */
function readThumbsUpRate(db: AlertServices["db"], assistantId: string, threshold: number, now: Date): MetricReading {
  const today = dayOf(now);
  const row = db
    .select({ up: sql<number>`coalesce(sum(${answerStatsDaily.thumbsUp}), 0)`, down: sql<number>`coalesce(sum(${answerStatsDaily.thumbsDown}), 0)` })
    .from(answerStatsDaily)
    .where(and(eq(answerStatsDaily.assistantId, assistantId), gte(answerStatsDaily.day, today - THUMBS_WINDOW_DAYS + 1), lte(answerStatsDaily.day, today)))
    .get();
  const up = Number(row?.up ?? 0);
  const rated = up + Number(row?.down ?? 0);
  if (rated < THUMBS_MIN_RATINGS) {
    return {
      value: null,
      crossed: false,
      summary: `Not enough feedback: ${rated} rating${rated === 1 ? "" : "s"} in the last ${THUMBS_WINDOW_DAYS} days (at least ${THUMBS_MIN_RATINGS} needed).`,
      summaryFr: `Pas assez d’avis : ${rated} sur les ${THUMBS_WINDOW_DAYS} derniers jours (au moins ${THUMBS_MIN_RATINGS} nécessaires).`,
    };
  }
  const rate = up / rated;
  return {
    value: rate,
    crossed: rate < threshold,
    summary: `Last ${THUMBS_WINDOW_DAYS} days: ${up} thumbs up of ${rated} ratings (${percent(rate)}).`,
    summaryFr: `${THUMBS_WINDOW_DAYS} derniers jours : ${up} pouces levés sur ${rated} avis (${percentFr(rate)}).`,
  };
}

/** Yesterday's cost and today's so far (UTC days, every model call of the assistant: chat, evaluations, judge). */
function readCostPerDay(db: AlertServices["db"], assistantId: string, threshold: number, now: Date): MetricReading {
  const today = dayOf(now);
  const rows = db
    .select({ day: usageDaily.day, cost: sql<number>`coalesce(sum(${usageDaily.costMicroEur}), 0)` })
    .from(usageDaily)
    .where(and(eq(usageDaily.assistantId, assistantId), gte(usageDaily.day, today - 1), lte(usageDaily.day, today)))
    .groupBy(usageDaily.day)
    .all();
  const costOf = (day: number) => Number(rows.find((r) => r.day === day)?.cost ?? 0) / 1_000_000;
  const todayEur = costOf(today);
  const yesterdayEur = costOf(today - 1);
  const value = Math.max(todayEur, yesterdayEur);
  return {
    value,
    crossed: value > threshold,
    summary: `Today so far: ${euros(todayEur)}; yesterday: ${euros(yesterdayEur)} (UTC days).`,
    summaryFr: `Aujourd’hui jusqu’ici : ${eurosFr(todayEur)} ; hier : ${eurosFr(yesterdayEur)} (jours UTC).`,
  };
}

export function readMetric(services: AlertServices, rule: Pick<AlertRule, "assistantId" | "metric" | "threshold">, now = new Date()): MetricReading {
  if (rule.metric === "correct_rate") return readCorrectRate(services.db, rule.assistantId, rule.threshold);
  if (rule.metric === "thumbs_up_rate") return readThumbsUpRate(services.db, rule.assistantId, rule.threshold, now);
  return readCostPerDay(services.db, rule.assistantId, rule.threshold, now);
}

// ---------------------------------------------------------------------------------------------
// Rules (the assistant's editors)

function checkThreshold(metric: AlertMetric, threshold: number) {
  if (!Number.isFinite(threshold)) throw new ValidationError("Enter a threshold.", { threshold: ["Enter a number"] });
  if (metric === "cost_per_day") {
    if (threshold < 0) throw new ValidationError("A cost threshold cannot be negative.", { threshold: ["Use 0 euros or more"] });
  } else if (threshold < 0 || threshold > 1) {
    throw new ValidationError("A rate threshold is between 0 and 1 (0% to 100%).", { threshold: ["Use a rate between 0 and 1"] });
  }
}

/**
 * A webhook address: http or https, no user name or password in it (put a secret in the path
 * instead), and not a private IP address unless the administrator allowed it. Host names are
 * checked again at every delivery, after DNS.
 */
function checkWebhookUrl(ctx: Ctx, text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? "";
  if (!trimmed) return null;
  const invalid = (message: string) => new ValidationError(message, { webhookUrl: [message] });
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw invalid("Enter a full web address, e.g. https://hooks.example.com/atelier.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid("A webhook address starts with http:// or https://.");
  if (url.username || url.password) throw invalid("Remove the user name and password from the address; webhooks are sent without credentials.");
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  if (isIP(host) && isPrivateAddress(host) && !parseAllowedHosts(ctx.knowledge.settings.allowedPrivateHosts).allows(host, port, host)) {
    throw invalid(`${url.host} is on a private network, which Atelier does not call by default. An administrator can allow it in ATELIER_ALLOWED_PRIVATE_HOSTS.`);
  }
  return url.href;
}

function loadRule(ctx: Ctx, id: string): { rule: AlertRule; assistant: Assistant } {
  const rule = ctx.db.select().from(alertRules).where(eq(alertRules.id, id)).get();
  if (!rule) throw new NotFoundError("This alert");
  return { rule, assistant: loadQualityAssistant(ctx, rule.assistantId) };
}

/** The assistant's alert rules with their current reading and their latest webhook delivery. */
export function listAlertRules({ ctx, input }: { ctx: Ctx; input: { assistantId: string } }) {
  const assistant = loadQualityAssistant(ctx, input.assistantId);
  const rules = ctx.db.select().from(alertRules).where(eq(alertRules.assistantId, assistant.id)).orderBy(alertRules.createdAt).all();
  const deliveries = rules.length
    ? ctx.db
        .select({ ruleId: webhookDeliveries.ruleId, status: webhookDeliveries.status, attempts: webhookDeliveries.attempts, lastError: webhookDeliveries.lastError, createdAt: webhookDeliveries.createdAt })
        .from(webhookDeliveries)
        .where(inArray(webhookDeliveries.ruleId, rules.map((r) => r.id)))
        .orderBy(desc(webhookDeliveries.createdAt))
        .all()
    : [];
  const now = new Date();
  return {
    assistant: { id: assistant.id, name: assistant.name },
    rules: rules.map((rule) => ({
      ...rule,
      reading: readMetric(ctx, rule, now),
      lastDelivery: deliveries.find((d) => d.ruleId === rule.id) ?? null,
    })),
  };
}

export function createAlertRule({ ctx, input }: { ctx: Ctx; input: AlertRuleFields & { assistantId: string } }) {
  const assistant = loadQualityAssistant(ctx, input.assistantId);
  checkThreshold(input.metric, input.threshold);
  const webhookUrl = checkWebhookUrl(ctx, input.webhookUrl);
  const id = newId();
  ctx.db
    .insert(alertRules)
    .values({ id, assistantId: assistant.id, metric: input.metric, threshold: input.threshold, webhookUrl, enabled: input.enabled ?? true, createdById: ctx.user.id })
    .run();
  return { id };
}

/** Changing the metric or disabling the rule starts it afresh: it fires again at the next crossing. */
export function updateAlertRule({ ctx, input }: { ctx: Ctx; input: Partial<AlertRuleFields> & { id: string } }) {
  const { rule } = loadRule(ctx, input.id);
  const metric = input.metric ?? rule.metric;
  const threshold = input.threshold ?? rule.threshold;
  checkThreshold(metric, threshold);
  const webhookUrl = input.webhookUrl === undefined ? rule.webhookUrl : checkWebhookUrl(ctx, input.webhookUrl);
  const enabled = input.enabled ?? rule.enabled;
  const reset = metric !== rule.metric || !enabled;
  ctx.db
    .update(alertRules)
    .set({ metric, threshold, webhookUrl, enabled, ...(reset ? { firing: false, lastValue: null, lastCheckedAt: null } : {}) })
    .where(eq(alertRules.id, rule.id))
    .run();
  return { id: rule.id };
}

export function deleteAlertRule({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const { rule } = loadRule(ctx, input.id);
  ctx.db.delete(alertRules).where(eq(alertRules.id, rule.id)).run();
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** Who hears about an assistant's alerts: its owner and co-editors who can still edit it (active, not members). */
function recipientsOf(db: AlertServices["db"], assistant: Pick<Assistant, "id" | "ownerId">): { id: string; locale: string | null }[] {
  const owner = db.select({ id: users.id, locale: users.locale }).from(users).where(and(eq(users.id, assistant.ownerId), eq(users.disabled, false))).all();
  const editors = db
    .select({ id: users.id, locale: users.locale })
    .from(assistantEditors)
    .innerJoin(users, eq(users.id, assistantEditors.userId))
    .where(and(eq(assistantEditors.assistantId, assistant.id), eq(users.disabled, false), sql`${users.role} <> 'member'`))
    .all();
  return [...new Map([...owner, ...editors].map((u) => [u.id, u])).values()];
}

const metricTitles: Record<AlertMetric, string> = {
  correct_rate: "correct-answer rate below",
  thumbs_up_rate: "thumbs-up rate below",
  cost_per_day: "cost per day above",
};
const metricTitlesFr: Record<AlertMetric, string> = {
  correct_rate: "taux de bonnes réponses sous",
  thumbs_up_rate: "taux de pouces levés sous",
  cost_per_day: "coût par jour au-dessus de",
};

/** A notification's title and body in the recipient's language (English unless French). */
function notificationText(locale: string | null, assistantName: string, rule: Pick<AlertRule, "metric" | "threshold">, reading: MetricReading) {
  if (locale === "fr") {
    return {
      title: `« ${assistantName} » : ${metricTitlesFr[rule.metric]} ${thresholdTextFr(rule.metric, rule.threshold)}`,
      body: `${reading.summaryFr} Seuil : ${thresholdTextFr(rule.metric, rule.threshold)}${rule.metric === "cost_per_day" ? " par jour" : ""}.`,
    };
  }
  return {
    title: `"${assistantName}": ${metricTitles[rule.metric]} ${thresholdText(rule.metric, rule.threshold)}`,
    body: `${reading.summary} Threshold: ${thresholdText(rule.metric, rule.threshold)}${rule.metric === "cost_per_day" ? " per day" : ""}.`,
  };
}

/** Where a notification about this metric leads in the app. */
export function alertLink(metric: AlertMetric, assistantId: string): string {
  return metric === "correct_rate" ? `/studio/${assistantId}/quality` : "/monitoring";
}

export interface AlertCheckResult {
  checked: number;
  /** Rules that started firing (notified). */
  fired: string[];
  /** Rules that went back within their threshold. */
  resolved: string[];
}

/**
 * Reads every enabled rule's metric and records it. A rule that starts firing notifies the
 * assistant's owner and co-editors in the app and queues its webhook (see WebhookSender); a rule
 * that stays past its threshold does not notify again, and one that goes back simply stops firing.
 * Synchronous, so two checks never interleave.
 */
export function evaluateAlerts(services: AlertServices, now = new Date()): AlertCheckResult {
  const { db } = services;
  const rows = db
    .select({ rule: alertRules, assistant: { id: assistants.id, name: assistants.name, ownerId: assistants.ownerId } })
    .from(alertRules)
    .innerJoin(assistants, eq(assistants.id, alertRules.assistantId))
    .where(eq(alertRules.enabled, true))
    .all();
  const result: AlertCheckResult = { checked: 0, fired: [], resolved: [] };
  for (const { rule, assistant } of rows) {
    let reading: MetricReading;
    try {
      reading = readMetric(services, rule, now);
    } catch (e) {
      services.logger.error({ err: e, ruleId: rule.id }, "alert metric could not be read");
      continue;
    }
    result.checked++;
    const fires = reading.crossed && !rule.firing;
    const recipients = fires ? recipientsOf(db, assistant) : [];
    db.transaction((tx) => {
      tx.update(alertRules)
        .set({ lastValue: reading.value, lastCheckedAt: now, firing: reading.crossed, ...(fires ? { lastFiredAt: now } : {}) })
        .where(eq(alertRules.id, rule.id))
        .run();
      if (!fires) return;
      const link = alertLink(rule.metric, assistant.id);
      if (recipients.length) {
        tx.insert(notifications)
          .values(recipients.map((user) => ({ id: newId(), userId: user.id, kind: "alert" as const, ...notificationText(user.locale, assistant.name, rule, reading), link, createdAt: now })))
          .run();
      }
      if (rule.webhookUrl) {
        const payload = {
          event: "atelier.alert",
          rule: { id: rule.id, metric: rule.metric, threshold: rule.threshold },
          assistant: { id: assistant.id, name: assistant.name },
          value: reading.value,
          firedAt: now.toISOString(),
          link,
        };
        tx.insert(webhookDeliveries).values({ id: newId(), ruleId: rule.id, url: rule.webhookUrl, payload, nextAttemptAt: now, createdAt: now }).run();
      }
    });
    if (fires) result.fired.push(rule.id);
    else if (rule.firing && !reading.crossed) result.resolved.push(rule.id);
  }
  return result;
}

export interface AlertCheckerOptions {
  /** How often the rules are checked; 0: never (tests call `check`). Default one minute. */
  intervalMs?: number;
  /** Called after a check that queued webhook deliveries (the server passes `() => webhookSender.flush()`). */
  onFired?: (result: AlertCheckResult) => void;
}

/** Checks the alert rules on a timer. */
export class AlertChecker {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly servicesOf: () => AlertServices,
    private readonly options: AlertCheckerOptions = {},
  ) {}

  start() {
    const every = this.options.intervalMs ?? 60_000;
    if (this.timer || every <= 0) return;
    this.timer = setInterval(() => this.check(), every);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One check now; never throws (errors are logged). */
  check(now = new Date()): AlertCheckResult | null {
    try {
      const result = evaluateAlerts(this.servicesOf(), now);
      if (result.fired.length) this.options.onFired?.(result);
      return result;
    } catch (e) {
      this.servicesOf().logger.error({ err: e }, "alert check failed");
      return null;
    }
  }
}
