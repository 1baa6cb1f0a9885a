CREATE TABLE `message_feedback` (
	`message_id` text NOT NULL,
	`user_id` text NOT NULL,
	`assistant_id` text,
	`assistant_version_id` text,
	`rating` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`correction` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`message_id`, `user_id`),
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `message_feedback_assistant_idx` ON `message_feedback` (`assistant_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `messages` ADD `tool_steps` text;--> statement-breakpoint
ALTER TABLE `knowledge_sources` ADD `conversation_id` text REFERENCES conversations(id) ON DELETE cascade;