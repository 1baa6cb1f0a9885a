import { type Db, type FolderSourceConfig, type KnowledgeSource, sourceFiles, type WebsiteSourceConfig } from "@atelier/db";
import { asc, eq } from "drizzle-orm";
import type { Connector, SourceItem } from "../connectors/connector";
import { createFolderConnector } from "../connectors/folder-connector";
import { createWebsiteConnector } from "../connectors/website-connector";
import { createSafeFetch } from "../net/safe-fetch";

export interface ConnectorSettings {
  /** Server folders a folder source may point into (admin configuration). */
  folderRoots?: string[];
  /** Private hosts, host:port or CIDRs the website connector may reach anyway. */
  allowedPrivateHosts?: string[];
  /** Largest document accepted, in bytes. Default 50 MB. */
  maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

function withoutExtension(name: string) {
  const base = name.split("/").pop() ?? name;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Files uploaded to the source, read from Atelier's own store. */
export function uploadConnector(db: Db, sourceId: string): Connector {
  return {
    kind: "upload",
    async *list() {
      const rows = db
        .select({
          id: sourceFiles.id,
          name: sourceFiles.name,
          mimeType: sourceFiles.mimeType,
          sizeBytes: sourceFiles.sizeBytes,
          updatedAt: sourceFiles.updatedAt,
        })
        .from(sourceFiles)
        .where(eq(sourceFiles.sourceId, sourceId))
        .orderBy(asc(sourceFiles.name))
        .all();
      for (const row of rows) {
        const item: SourceItem = {
          externalId: row.name,
          title: withoutExtension(row.name),
          location: row.name,
          modifiedAt: row.updatedAt.getTime(),
          size: row.sizeBytes,
          mimeType: row.mimeType,
          read: async () => {
            const file = db.select({ data: sourceFiles.data }).from(sourceFiles).where(eq(sourceFiles.id, row.id)).get();
            if (!file) throw Object.assign(new Error("The file was removed while it was being read."), { code: "not_found" });
            return new Uint8Array(file.data);
          },
        };
        yield item;
      }
    },
  };
}

/** The connector of a source, configured from its row and the server's settings. */
export function connectorFor(db: Db, source: KnowledgeSource, settings: ConnectorSettings): Connector {
  const maxFileBytes = settings.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  switch (source.kind) {
    case "upload":
      return uploadConnector(db, source.id);
    case "folder":
      return createFolderConnector({
        path: (source.config as FolderSourceConfig).path,
        allowedRoots: settings.folderRoots ?? [],
        maxFileBytes,
      });
    case "website": {
      const config = source.config as WebsiteSourceConfig;
      return createWebsiteConnector({
        startUrl: config.url,
        maxDepth: config.maxDepth,
        maxPages: config.maxPages,
        fetch: createSafeFetch({ allowedHosts: settings.allowedPrivateHosts ?? [], maxBytes: maxFileBytes }),
      });
    }
  }
}
