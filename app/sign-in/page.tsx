import type { Metadata } from "next";
import Link from "next/link";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeNext } from "@/contracts/paths";
import { pageSession } from "@/server/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const nextParam = (await searchParams).next;
  const session = await pageSession();
  // A reader sent here by a page goes back to it; someone who came to sign in is going to write.
  const next =
    safeNext(typeof nextParam === "string" ? nextParam : undefined) ??
    (session.reads === "refused" ? "/" : "/reports/new");
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
            {session.reads === "public"
              ? "Reading is open to everyone. Adding reports and reviewing codings needs the admin token."
              : session.reads === "allowed"
                ? "You are signed in to read. Adding reports and reviewing codings needs the admin token."
                : "Reading this server needs a token: type the read token, or the admin token to make changes too."}
          </p>
          <SignInForm next={next} writesEnabled={session.writesEnabled} readToken={session.reads !== "public"} />
        </>
      )}
    </section>
  );
}
