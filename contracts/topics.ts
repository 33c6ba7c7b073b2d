import { z } from "zod";
import { MAX_SLUG_LENGTH } from "../domain/topics";

/** The body of `POST /api/topics` (and of the topics the import script creates) and of `GET /api/topics/suggest`. */

const SLUG_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const trimmed = (name: string, max: number) =>
  z
    .string({ error: `${name} must be a string` })
    .trim()
    .min(1, `${name} must not be empty`)
    .max(max, `${name} is at most ${max} characters`);

export const topicSlug = z
  .string({ error: "slug must be a string" })
  .trim()
  .max(MAX_SLUG_LENGTH, `slug is at most ${MAX_SLUG_LENGTH} characters`)
  .regex(SLUG_SHAPE, "slug must be lowercase letters a-z, digits and single hyphens, such as karabakh-2023")
  // A slug of digits only would be read as a topic id by every `topic` filter.
  .refine((v) => /[a-z]/.test(v), { message: "slug must contain a letter (digits alone would read as a topic id)" });

const aliasList = (name: string, example: string) =>
  z
    .array(trimmed(`each of ${name}`, 200), { error: `${name} must be a list of names, such as ${example}` })
    .max(50, `${name} holds at most 50 names`)
    .transform((names) => [...new Set(names)]);

export const TargetParty = z.strictObject(
  { name: trimmed("targetParties[].name", 200), aliases: aliasList("targetParties[].aliases", '["Kyiv"]').default([]) },
  {
    error: (issue) =>
      issue.code === "invalid_type"
        ? 'each target party is an object such as { "name": "Ukraine", "aliases": ["Kyiv"] }'
        : undefined,
  },
);
export type TargetParty = z.infer<typeof TargetParty>;

export const NewTopicBody = z.strictObject(
  {
    title: trimmed("title", 300),
    actingParty: trimmed("actingParty", 200).optional(),
    slug: topicSlug.optional(),
    actingPartyAliases: aliasList("actingPartyAliases", '["Baku"]').optional(),
    targetParties: z
      .array(TargetParty, {
        error: 'targetParties must be a list such as [{ "name": "Ukraine", "aliases": ["Kyiv"] }]',
      })
      .max(20, "targetParties holds at most 20 parties")
      .optional(),
    description: z
      .string({ error: "description must be a string" })
      .trim()
      .max(2000, "description is at most 2000 characters")
      .transform((v) => v || null)
      .nullable()
      .optional(),
  },
  { error: (issue) => (issue.code === "invalid_type" ? "send a JSON object" : undefined) },
);

export type NewTopicBody = z.infer<typeof NewTopicBody>;

/** `GET /api/topics/suggest?title=`: the parties a title names, for the Add-topic fields to propose. */
export const TopicSuggestQuery = z.strictObject({ title: trimmed("title", 300) });
