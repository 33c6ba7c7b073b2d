/** Only paths of this site: a crafted `?next=` must not send the analyst elsewhere after signing in. */
export function safeNext(next: string | undefined | null): string | null {
  if (!next || !/^\/(?![/\\])/.test(next)) return null;
  // Control characters (a newline, a tab) could smuggle a different target past the check above.
  for (const ch of next) if (ch.charCodeAt(0) < 0x20) return null;
  return next;
}
