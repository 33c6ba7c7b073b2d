import Link from "next/link";

export default function NotFound() {
  return (
    <section className="empty-state">
      <h1>Not found</h1>
      <p>There is no page or topic at this address.</p>
      <p>
        <Link href="/">Back to the overview</Link>
      </p>
    </section>
  );
}
