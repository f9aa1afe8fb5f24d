ALTER TABLE "case_clocks" ADD COLUMN "extended_by" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "case_clocks" ADD COLUMN "stood_still" integer DEFAULT 0 NOT NULL;