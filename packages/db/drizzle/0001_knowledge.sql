CREATE TABLE `assistant_sources` (
	`assistant_id` text NOT NULL,
	`source_id` text NOT NULL,
	PRIMARY KEY(`assistant_id`, `source_id`),
	FOREIGN KEY (`assistant_id`) REFERENCES `assistants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `knowledge_sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `assistant_sources_source_idx` ON `assistant_sources` (`source_id`);--> statement-breakpoint
CREATE TABLE `ingestion_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`source_id` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`phase` text,
	`total_items` integer DEFAULT 0 NOT NULL,
	`processed_items` integer DEFAULT 0 NOT NULL,
	`indexed_items` integer DEFAULT 0 NOT NULL,
	`unchanged_items` integer DEFAULT 0 NOT NULL,
	`failed_items` integer DEFAULT 0 NOT NULL,
	`deleted_items` integer DEFAULT 0 NOT NULL,
	`chunk_count` integer DEFAULT 0 NOT NULL,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`error` text,
	`requested_by_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`source_id`) REFERENCES `knowledge_sources`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `ingestion_jobs_source_idx` ON `ingestion_jobs` (`source_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `ingestion_jobs_status_idx` ON `ingestion_jobs` (`status`);--> statement-breakpoint
CREATE TABLE `knowledge_chunks` (
	`rowid` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`document_id` text NOT NULL,
	`source_id` text NOT NULL,
	`language` text NOT NULL,
	`ordinal` integer NOT NULL,
	`heading_path` text NOT NULL,
	`page` integer,
	`text` text NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `knowledge_documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `knowledge_chunks_id_unique` ON `knowledge_chunks` (`id`);--> statement-breakpoint
CREATE INDEX `knowledge_chunks_document` ON `knowledge_chunks` (`document_id`);--> statement-breakpoint
CREATE TABLE `knowledge_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`source_id` text NOT NULL,
	`external_id` text DEFAULT '' NOT NULL,
	`title` text NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`mime_type` text,
	`size_bytes` integer,
	`modified_at` integer,
	`file_hash` text,
	`page_count` integer,
	`language` text DEFAULT 'en' NOT NULL,
	`content_hash` text DEFAULT '' NOT NULL,
	`chunk_count` integer DEFAULT 0 NOT NULL,
	`indexed_at` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`error_code` text,
	`error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `knowledge_sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `knowledge_documents_source` ON `knowledge_documents` (`source_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `knowledge_documents_source_external_unique` ON `knowledge_documents` (`source_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `knowledge_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`team_id` text,
	`sensitivity` text DEFAULT 'internal' NOT NULL,
	`config` text NOT NULL,
	`sync_interval_minutes` integer,
	`paused` integer DEFAULT false NOT NULL,
	`last_sync_at` integer,
	`last_sync_status` text,
	`last_sync_error` text,
	`managed_by` text DEFAULT 'user' NOT NULL,
	`created_by_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `knowledge_sources_team_idx` ON `knowledge_sources` (`team_id`);--> statement-breakpoint
CREATE TABLE `source_files` (
	`id` text PRIMARY KEY NOT NULL,
	`source_id` text NOT NULL,
	`name` text NOT NULL,
	`mime_type` text,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`data` blob NOT NULL,
	`uploaded_by_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `knowledge_sources`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `source_files_source_name_unique` ON `source_files` (`source_id`,`name`);--> statement-breakpoint
ALTER TABLE `messages` ADD `citations` text;