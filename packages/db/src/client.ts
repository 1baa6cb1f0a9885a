import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

export interface DatabaseHandle {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

/**
 * drizzle prepares every statement anew on each call; compiling SQL was the largest single cost
 * of a chat request in profiles. This keeps the compiled statements of the most recent SQL
 * texts. Statements drizzle runs complete synchronously, so reuse is safe; drizzle toggles
 * `raw` mode on data statements, so it is reset on each reuse.
 */
function cacheStatements(sqlite: Database.Database, capacity = 500) {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
      if (statement.reader) statement.raw(false);
    } else {
      statement = prepare(source);
      if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}

export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

/**
 * Opens (or creates) the SQLite database, turns on WAL and foreign keys and applies every
 * pending migration. Pass ":memory:" for a throwaway database.
 */
export function openDatabase(file: string): DatabaseHandle {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  cacheStatements(sqlite);
  return {
    db,
    sqlite,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, "atelier.db");
}
