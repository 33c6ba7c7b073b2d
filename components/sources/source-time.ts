/** An instant as the list and the preview show it: "2023-09-20 14:05 UTC", the same on the server and in every browser. */
export function when(iso: string): string {
  const time = Date.parse(iso);
  // A feed's own date the server could not read is shown as the feed wrote it.
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
