import { pgEnum } from "drizzle-orm/pg-core";
import { ACTOR_KINDS, ALIAS_KINDS, DATE_PRECISIONS, REVIEW_STATUSES, STANCES } from "../../domain/labels";

export {
  ACTOR_KINDS,
  ALIAS_KINDS,
  DATE_PRECISIONS,
  type DatePrecision,
  REVIEW_STATUSES,
  type ReviewStatus,
  STANCES,
  type Stance,
} from "../../domain/labels";

export const stanceEnum = pgEnum("stance", STANCES);
export const reviewStatusEnum = pgEnum("review_status", REVIEW_STATUSES);
export const datePrecisionEnum = pgEnum("date_precision", DATE_PRECISIONS);
export const actorKindEnum = pgEnum("actor_kind", ACTOR_KINDS);
export const aliasKindEnum = pgEnum("alias_kind", ALIAS_KINDS);
