"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import type { SessionState } from "@/browser/api-client";
import { useSession, useSignOut } from "@/hooks/use-session";

/** The site's menu; the write pages and the sign-in state follow the session cookie. */
export function SiteNav({ initial }: { initial: SessionState }) {
  const session = useSession(initial).data ?? initial;
  const signOut = useSignOut();
  const router = useRouter();
  const pathname = usePathname();
  const current = (href: string) => (pathname === href ? "page" : undefined);
  return (
    <nav aria-label="Main">
      <Link href="/" aria-current={current("/")}>
        Dashboard
      </Link>
      <Link href="/shifts" aria-current={current("/shifts")}>
        Shifts
      </Link>
      <Link href="/review" aria-current={current("/review")}>
        Review
      </Link>
      <Link href="/reports/new" aria-current={current("/reports/new")}>
        Add report
      </Link>
      <Link href="/sources" aria-current={current("/sources")}>
        Sources
      </Link>
      <Link href="/quality" aria-current={current("/quality")}>
        Coder quality
      </Link>
      <a href="/api/stances?format=csv">All codings (CSV)</a>
      {session.signedIn || session.reads === "allowed" ? (
        <button
          type="button"
          className="nav-button"
          disabled={signOut.isPending}
          onClick={() => signOut.mutate(false, { onSuccess: () => router.refresh() })}
        >
          Sign out
        </button>
      ) : (
        <Link href={`/sign-in?next=${encodeURIComponent(pathname === "/sign-in" ? "/reports/new" : pathname)}`}>
          Sign in
        </Link>
      )}
    </nav>
  );
}
