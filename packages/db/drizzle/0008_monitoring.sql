CREATE TABLE `active_users_daily` (
	`day` integer NOT NULL,
	`assistant_id` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`assistant_id`, `day`, `user_id`)
);
--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`assistant_id` text NOT NULL,
	`metric` text NOT NULL,
	`threshold` real NOT NULL,
	`webhook_url` text,
	`enabled` integer DEFAULT true NOT NULL,
	`firing` integer DEFAULT false NOT NULL,
	`last_value` real,
	`last_checked_at` integer,
	`last_fired_at` integer,
	`created_by_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`assistant_id`) REFERENCES `assistants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `alert_rules_assistant_idx` ON `alert_rules` (`assistant_id`);--> statement-breakpoint
CREATE TABLE `answer_grades` (
	`message_id` text PRIMARY KEY NOT NULL,
	`assistant_id` text NOT NULL,
	`assistant_version_id` text,
	`verdict` text NOT NULL,
	`passed` integer NOT NULL,
	`rationale` text DEFAULT '' NOT NULL,
	`judge_model_id` text,
	`prompt_version` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `answer_grades_assistant_idx` ON `answer_grades` (`assistant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `answer_stats_daily` (
	`day` integer NOT NULL,
	`assistant_id` text NOT NULL,
	`version_id` text DEFAULT '' NOT NULL,
	`model_id` text DEFAULT '' NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`abstentions` integer DEFAULT 0 NOT NULL,
	`no_passages` integer DEFAULT 0 NOT NULL,
	`latency_ms_sum` integer DEFAULT 0 NOT NULL,
	`latency_count` integer DEFAULT 0 NOT NULL,
	`latency_histogram` text DEFAULT '[]' NOT NULL,
	`first_token_ms_sum` integer DEFAULT 0 NOT NULL,
	`first_token_count` integer DEFAULT 0 NOT NULL,
	`first_token_histogram` text DEFAULT '[]' NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cost_micro_eur` integer DEFAULT 0 NOT NULL,
	`thumbs_up` integer DEFAULT 0 NOT NULL,
	`thumbs_down` integer DEFAULT 0 NOT NULL,
	`graded` integer DEFAULT 0 NOT NULL,
	`grounded` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `assistant_id`, `version_id`, `model_id`)
);
--> statement-breakpoint
CREATE INDEX `answer_stats_daily_assistant_idx` ON `answer_stats_daily` (`assistant_id`,`day`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`link` text,
	`read_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `review_items` (
	`message_id` text PRIMARY KEY NOT NULL,
	`assistant_id` text NOT NULL,
	`assistant_version_id` text,
	`reason` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`verdict` text,
	`comment` text DEFAULT '' NOT NULL,
	`reviewer_id` text,
	`reviewed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `review_items_assistant_idx` ON `review_items` (`assistant_id`,`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`rule_id` text,
	`url` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`next_attempt_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`rule_id`) REFERENCES `alert_rules`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_status_idx` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `workspace` ADD `live_grading_rate` real DEFAULT 0.1 NOT NULL;--> statement-breakpoint
ALTER TABLE `workspace` ADD `live_grading_daily_budget` integer DEFAULT 200 NOT NULL;--> statement-breakpoint
CREATE INDEX `conversations_assistant_created_idx` ON `conversations` (`assistant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_assistant_created_idx` ON `messages` (`assistant_id`,`created_at`);