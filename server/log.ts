/**
 * An error as the logs may show it: each error down its cause chain by name, code and message, with the
 * parameters of a failed query left out (drizzle puts them in its message, and one can be a webhook's secret or
 * a report's text) and without the database's detail line (it quotes the values of a violated key).
 */
export function loggable(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (!(e instanceof Error)) {
      parts.push(String(e).slice(0, 300));
      break;
    }
    const code = (e as { code?: unknown }).code;
    const message = e.message.split(/\nparams:/)[0]?.trim() ?? "";
    parts.push(`${e.name}${typeof code === "string" ? ` ${code}` : ""}: ${message}`);
  }
  // The stack's frames only: its first lines repeat the message, parameters and all.
  const frames = error instanceof Error ? (error.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l)) : [];
  const stack = frames.slice(0, 5).join("\n");
  return stack ? `${parts.join(" <- ")}\n${stack}` : parts.join(" <- ");
}
