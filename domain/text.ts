import { createHash } from "node:crypto";

/**
 * Bodies are stored normalised (Unicode NFC, LF line endings, no trailing space at the end) so that offsets
 * and the content hash do not depend on how a file was saved.
 */
export function normalizeBody(text: string): string {
  return text.normalize("NFC").replace(/\r\n?/g, "\n").trimEnd();
}

export function contentHash(normalizedBody: string): string {
  return createHash("sha256").update(normalizedBody, "utf8").digest("hex");
}
