import { openDatabase, type DatabaseHandle } from "./client";

/** A fresh, fully migrated in-memory database for one test. */
export function createTestDatabase(): DatabaseHandle {
  return openDatabase(":memory:");
}
