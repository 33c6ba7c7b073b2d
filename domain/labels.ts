/**
 * The coding scheme's fixed vocabularies. Plain constants, free of any database library, so the browser
 * bundle can use them; db/schema/enums builds the Postgres enums from the same lists.
 */
export const STANCES = ["support", "neutral", "condemn"] as const;
export type Stance = (typeof STANCES)[number];

export const REVIEW_STATUSES = ["auto", "confirmed", "corrected", "rejected"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const DATE_PRECISIONS = ["day", "month"] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export const ACTOR_KINDS = ["state", "organisation"] as const;
export const ALIAS_KINDS = ["name", "demonym", "capital", "body", "official"] as const;
export type AliasKind = (typeof ALIAS_KINDS)[number];

/** A confidence as a query string writes it: a number from 0 to 1 ("0.8", "1", ".95"). */
export const CONFIDENCE_PATTERN = /^(0(\.\d+)?|1(\.0+)?|\.\d+)$/;

/** An analyst's note on a review or a coding. */
export const MAX_NOTE_LENGTH = 2000;
