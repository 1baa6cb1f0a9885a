CREATE TABLE `assistant_editors` (
	`assistant_id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`assistant_id`, `user_id`),
	FOREIGN KEY (`assistant_id`) REFERENCES `assistants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `assistant_editors_user_idx` ON `assistant_editors` (`user_id`);--> statement-breakpoint
CREATE TABLE `assistant_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`assistant_id` text NOT NULL,
	`number` integer NOT NULL,
	`config` text NOT NULL,
	`author_id` text,
	`note` text DEFAULT '' NOT NULL,
	`override_reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`assistant_id`) REFERENCES `assistants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assistant_versions_number_unique` ON `assistant_versions` (`assistant_id`,`number`);--> statement-breakpoint
ALTER TABLE `assistants` ADD `knowledge_passages` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `assistants` ADD `knowledge_strictness` text DEFAULT 'prefer_knowledge' NOT NULL;--> statement-breakpoint
ALTER TABLE `assistants` ADD `tools` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `assistants` ADD `starters` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `assistants` ADD `current_version_id` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `assistant_version_id` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `assistant_name` text;