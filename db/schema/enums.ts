import { pgEnum } from "drizzle-orm/pg-core";

export const STANCES = ["support", "neutral", "condemn"] as const;
export type Stance = (typeof STANCES)[number];

export const REVIEW_STATUSES = ["auto", "confirmed", "corrected", "rejected"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const DATE_PRECISIONS = ["day", "month"] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export const ACTOR_KINDS = ["state", "organisation"] as const;
export const ALIAS_KINDS = ["name", "demonym", "capital", "body", "official"] as const;

export const stanceEnum = pgEnum("stance", STANCES);
export const reviewStatusEnum = pgEnum("review_status", REVIEW_STATUSES);
export const datePrecisionEnum = pgEnum("date_precision", DATE_PRECISIONS);
export const actorKindEnum = pgEnum("actor_kind", ACTOR_KINDS);
export const aliasKindEnum = pgEnum("alias_kind", ALIAS_KINDS);
