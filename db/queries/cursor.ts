import { ApiError } from "../../lib/http";

/** Opaque keyset cursors: the sort key of the last row of a page, base64url-encoded. */
export function encodeCursor(key: readonly [string, number]): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): [string, number] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "string" &&
      /^\d{4}-\d{2}-\d{2}$/.test(value[0]) &&
      Number.isSafeInteger(value[1])
    ) {
      return [value[0], value[1] as number];
    }
  } catch {
    // fall through to the error below
  }
  throw new ApiError("bad_request", "Invalid cursor: pass the nextCursor value of a previous page unchanged", {
    issues: [{ path: "cursor", message: "not a cursor this API issued" }],
  });
}
