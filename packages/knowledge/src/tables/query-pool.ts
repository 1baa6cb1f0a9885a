import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { QueryRows, RenamedTable } from "./read-only-database.mjs";
import { secondsText, TableQueryError, TableSqlError } from "./table-errors";

export interface QueryRequest {
  /** SQLite files: the first is `main`, the others are attached as s1, s2… (see schemaName). */
  files: string[];
  views: RenamedTable[];
  /** Run as given: the caller has checked and wrapped it. */
  sql: string;
  maxRows: number;
  timeoutMs: number;
}

export interface QueryPoolOptions {
  /** Queries that run at the same time, each in its own process; the others wait. Default 4. */
  maxProcesses?: number;
}

type Reply = { id: number } & ({ ok: true } & QueryRows | { ok: false; code: string; message: string });

const PROCESS_PATH = fileURLToPath(new URL("./query-process.mjs", import.meta.url));

/** One query process: started once, then given one query at a time. */
class QueryProcess {
  readonly ready: Promise<void>;
  /** Milliseconds from fork to its first message. */
  startupMs: number | null = null;
  private readonly child: ChildProcess;
  private pending: { id: number; resolve(reply: Reply): void; reject(error: Error): void } | null = null;
  private exited = false;

  constructor(onExit: (process: QueryProcess) => void) {
    const started = performance.now();
    // Bare Node without the parent's loaders or environment: the script is plain JavaScript.
    this.child = fork(PROCESS_PATH, [], {
      execArgv: [],
      env: {},
      serialization: "advanced",
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    this.ready = new Promise((resolve, reject) => {
      const end = (error: TableQueryError) => {
        if (this.exited) return;
        this.exited = true;
        reject(error);
        this.pending?.reject(error);
        this.pending = null;
        onExit(this);
      };
      this.child.on("message", (message: Reply | { ready: true }) => {
        if ("ready" in message) {
          this.startupMs = performance.now() - started;
          resolve();
          return;
        }
        const pending = this.pending;
        if (pending?.id !== message.id) return;
        this.pending = null;
        pending.resolve(message);
      });
      this.child.on("error", (error) => {
        this.child.kill("SIGKILL");
        end(new TableQueryError("crashed", "The query process failed.", { cause: error }));
      });
      this.child.on("exit", (code, signal) => {
        const cause = new Error(`query process exited with ${signal ?? `code ${code}`}`);
        end(new TableQueryError("crashed", "The query stopped unexpectedly (it may have needed too much memory).", { cause }));
      });
    });
    // A start-up failure is reported to the query that waits for it.
    this.ready.catch(() => {});
    // Idle until given a query.
    this.hold(false);
  }

  get alive(): boolean {
    return !this.exited;
  }

  send(id: number, request: QueryRequest): Promise<Reply> {
    return new Promise((resolve, reject) => {
      if (this.exited) {
        reject(new TableQueryError("crashed", "The query process has stopped."));
        return;
      }
      this.pending = { id, resolve, reject };
      this.child.send({ id, ...request }, (error) => {
        if (error && this.pending?.id === id) {
          this.pending = null;
          reject(new TableQueryError("crashed", "The query could not be sent to its process.", { cause: error }));
        }
      });
    });
  }

  /** Whether the process keeps Node running: only while it runs a query. */
  hold(held: boolean): void {
    if (held) {
      this.child.ref();
      this.child.channel?.ref();
    } else {
      this.child.unref();
      this.child.channel?.unref();
    }
  }

  kill(): void {
    if (!this.exited) this.child.kill("SIGKILL");
  }
}

/**
 * Runs SQL in child processes, so that a query can be stopped for real at its time limit: SQLite
 * runs a query inside one native call that neither JavaScript nor Worker.terminate() can
 * interrupt (a worker thread stuck in a runaway query never ends), but a process can be killed.
 * One process is kept warm between queries (start-up costs 50–100 ms, see the tests); a killed
 * one is replaced at once. Up to `maxProcesses` queries run side by side, the others wait.
 */
export class QueryPool {
  /** Start-up times (ms) of the processes started so far that reported ready, oldest first. */
  readonly startupTimes: number[] = [];
  private readonly processes = new Set<QueryProcess>();
  private readonly idle: QueryProcess[] = [];
  private readonly waiting: { resolve(child: QueryProcess): void; reject(error: Error): void }[] = [];
  private readonly maxProcesses: number;
  private nextId = 1;
  private closed = false;

  constructor(options: QueryPoolOptions = {}) {
    this.maxProcesses = Math.max(1, options.maxProcesses ?? 4);
  }

  /** Starts a process ahead of the first query, unless one is already running or starting. */
  warm(): void {
    if (this.closed || this.processes.size > 0) return;
    this.idle.push(this.spawn());
  }

  async run(request: QueryRequest): Promise<QueryRows> {
    const child = await this.acquire();
    child.hold(true);
    let reusable = false;
    try {
      await child.ready;
      const id = this.nextId++;
      const reply = await new Promise<Reply>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill();
          reject(new TableQueryError("timeout", `The query took longer than ${secondsText(request.timeoutMs)} and was stopped.`));
        }, request.timeoutMs);
        child.send(id, request).then(resolve, reject).finally(() => clearTimeout(timer));
      });
      reusable = true;
      if (!reply.ok) throw new TableSqlError(reply.code, reply.message);
      return { columns: reply.columns, rows: reply.rows, truncated: reply.truncated };
    } finally {
      this.release(child, reusable);
    }
  }

  /** Kills every process; queries still waiting fail. */
  close(): void {
    this.closed = true;
    for (const child of this.processes) child.kill();
    for (const waiter of this.waiting.splice(0)) waiter.reject(closedError());
  }

  private spawn(): QueryProcess {
    const child = new QueryProcess((exited) => this.exited(exited));
    this.processes.add(child);
    child.ready.then(() => this.startupTimes.push(child.startupMs!)).catch(() => {});
    return child;
  }

  private acquire(): Promise<QueryProcess> {
    if (this.closed) return Promise.reject(closedError());
    const idle = this.idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.processes.size < this.maxProcesses) return Promise.resolve(this.spawn());
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(child: QueryProcess, reusable: boolean): void {
    if (!reusable || !child.alive || this.closed) {
      // Killed at its time limit, or dead: its replacement starts now, before the next query needs it.
      child.kill();
      if (!this.closed && this.idle.length === 0 && this.waiting.length === 0) this.idle.push(this.spawn());
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) {
      waiter.resolve(child);
      return;
    }
    child.hold(false);
    if (this.idle.length === 0) this.idle.push(child);
    else child.kill();
  }

  private exited(child: QueryProcess): void {
    this.processes.delete(child);
    const index = this.idle.indexOf(child);
    if (index >= 0) this.idle.splice(index, 1);
    // A query waiting for a free process gets a new one in place of the dead one.
    if (!this.closed && this.waiting.length > 0 && this.processes.size < this.maxProcesses) this.waiting.shift()!.resolve(this.spawn());
  }
}

function closedError(): TableQueryError {
  return new TableQueryError("closed", "The table store is closed.");
}
