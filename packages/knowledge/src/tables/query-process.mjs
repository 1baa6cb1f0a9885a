// The process that runs SQL queries for the TableStore (see query-pool.ts), one at a time.
// Plain JavaScript so that bare Node runs it. SQLite runs a query inside one native call that
// JavaScript cannot interrupt: the pool kills this process when a query outlives its time
// limit, and a watchdog thread kills it as well should the pool have died first.
import { Worker } from "node:worker_threads";
import { openReadOnly, runQuery } from "./read-only-database.mjs";

/** How long past its time limit a query may run before the watchdog ends the process. */
const WATCHDOG_GRACE_MS = 2000;

// Its own thread keeps time while this one is inside SQLite; 0 disarms it.
const watchdog = new Worker(
  `const { parentPort } = require("node:worker_threads");
  let timer;
  parentPort.on("message", (ms) => {
    clearTimeout(timer);
    if (ms > 0) timer = setTimeout(() => process.kill(process.pid, "SIGKILL"), ms);
  });`,
  { eval: true },
);
watchdog.unref();

/** Sends to the pool; a pool that has gone away (its process ended) ends this one too. */
function send(message) {
  if (!process.connected) process.exit(0);
  process.send(message, (error) => {
    if (error) process.exit(0);
  });
}

function errorReply(id, error) {
  const code = typeof error?.code === "string" && error.code.startsWith("SQLITE_") ? error.code : "SQLITE_MISUSE";
  return { id, ok: false, code, message: String(error?.message ?? error) };
}

process.on("message", (request) => {
  const { id, files, views, sql, maxRows, timeoutMs } = request;
  watchdog.postMessage(timeoutMs + WATCHDOG_GRACE_MS);
  let db = null;
  let reply;
  try {
    db = openReadOnly(files, views);
    reply = { id, ok: true, ...runQuery(db, sql, maxRows) };
  } catch (error) {
    reply = errorReply(id, error);
  } finally {
    db?.close();
    watchdog.postMessage(0);
  }
  send(reply);
});

process.on("disconnect", () => process.exit(0));
send({ ready: true });
