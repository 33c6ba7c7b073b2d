"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <section className="empty-state" role="alert">
      <h1>Stancewatch could not load this page</h1>
      <p>The database may be starting or unreachable. The error has been logged on the server.</p>
      <button type="button" className="button" onClick={() => reset()}>
        Try again
      </button>
    </section>
  );
}
