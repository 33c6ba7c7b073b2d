import type { Metadata } from "next";
import Link from "next/link";
import { pageSession } from "@/app/_server/session";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeNext } from "@/lib/paths";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const nextParam = (await searchParams).next;
  const next = safeNext(typeof nextParam === "string" ? nextParam : undefined) ?? "/reports/new";
  const session = await pageSession();
  return (
    <section className="narrow-page">
      <p className="eyebrow">Analysts</p>
      <h1>Sign in</h1>
      {session.signedIn ? (
        <p>
          You are signed in. <Link href={next}>Continue</Link>, or sign out from the menu above.
        </p>
      ) : (
        <>
          <p className="muted">
            Reading is open to everyone. Adding reports and reviewing codings needs the admin token.
          </p>
          <SignInForm next={next} writesEnabled={session.writesEnabled} />
        </>
      )}
    </section>
  );
}
