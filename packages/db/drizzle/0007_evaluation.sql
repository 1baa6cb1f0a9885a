CREATE TABLE `eval_cases` (
	`id` text PRIMARY KEY NOT NULL,
	`suite_id` text NOT NULL,
	`question` text NOT NULL,
	`reference_answer` text DEFAULT '' NOT NULL,
	`expect_abstention` integer DEFAULT false NOT NULL,
	`expected_sources` text DEFAULT '[]' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`language` text,
	`status` text DEFAULT 'active' NOT NULL,
	`origin` text DEFAULT 'manual' NOT NULL,
	`origin_message_id` text,
	`created_by_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`suite_id`) REFERENCES `eval_suites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`origin_message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `eval_cases_suite_idx` ON `eval_cases` (`suite_id`,`status`);--> statement-breakpoint
CREATE TABLE `eval_results` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`case_id` text,
	`position` integer NOT NULL,
	`question` text NOT NULL,
	`reference_answer` text NOT NULL,
	`expect_abstention` integer NOT NULL,
	`expected_sources` text NOT NULL,
	`tags` text NOT NULL,
	`language` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`answer` text,
	`passages` text,
	`scores` text,
	`correct` integer,
	`error` text,
	`latency_ms` integer,
	`input_tokens` integer,
	`output_tokens` integer,
	`cost_micro_eur` integer,
	`finished_at` integer,
	FOREIGN KEY (`run_id`) REFERENCES `eval_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`case_id`) REFERENCES `eval_cases`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `eval_results_run_position_unique` ON `eval_results` (`run_id`,`position`);--> statement-breakpoint
CREATE INDEX `eval_results_run_status_idx` ON `eval_results` (`run_id`,`status`);--> statement-breakpoint
CREATE INDEX `eval_results_case_idx` ON `eval_results` (`case_id`);--> statement-breakpoint
CREATE TABLE `eval_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`suite_id` text NOT NULL,
	`assistant_id` text NOT NULL,
	`assistant_version_id` text,
	`version_label` text NOT NULL,
	`config` text NOT NULL,
	`judge` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`passed` integer DEFAULT 0 NOT NULL,
	`errored` integer DEFAULT 0 NOT NULL,
	`correct_rate` real,
	`rate_low` real,
	`rate_high` real,
	`metrics` text,
	`error` text,
	`created_by_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`suite_id`) REFERENCES `eval_suites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assistant_id`) REFERENCES `assistants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assistant_version_id`) REFERENCES `assistant_versions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `eval_runs_suite_idx` ON `eval_runs` (`suite_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `eval_runs_assistant_idx` ON `eval_runs` (`assistant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `eval_runs_status_idx` ON `eval_runs` (`status`);--> statement-breakpoint
CREATE TABLE `eval_suites` (
	`id` text PRIMARY KEY NOT NULL,
	`assistant_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`gates_publish` integer DEFAULT true NOT NULL,
	`schedule_minutes` integer,
	`managed_by` text DEFAULT 'user' NOT NULL,
	`created_by_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`assistant_id`) REFERENCES `assistants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `eval_suites_assistant_idx` ON `eval_suites` (`assistant_id`);--> statement-breakpoint
ALTER TABLE `workspace` ADD `guide_suite_seeded_at` integer;--> statement-breakpoint
ALTER TABLE `assistants` ADD `quality_threshold` real;--> statement-breakpoint
ALTER TABLE `assistants` ADD `quality_margin` real DEFAULT 0.05 NOT NULL;