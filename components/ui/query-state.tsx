/** A view's loading and error lines for one query: "Loading the shifts…", "The shifts could not be loaded: …". */
export function QueryState({
  what,
  loading,
  error,
}: {
  /** What is loading, as the sentence names it ("the shifts"). */
  what: string;
  loading: boolean;
  error: Error | null;
}) {
  if (loading) {
    return (
      <p className="muted" role="status">
        Loading {what}…
      </p>
    );
  }
  if (!error) return null;
  return (
    <p role="alert" className="form-error">
      {what.charAt(0).toUpperCase() + what.slice(1)} could not be loaded: {error.message}
    </p>
  );
}
