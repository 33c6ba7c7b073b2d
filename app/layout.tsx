import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { SiteNav } from "@/components/site-nav";
import { pageSession } from "@/server/http/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Stancewatch", template: "%s · Stancewatch" },
  description: "Where governments stand on an international crisis, with the sentence that proves it.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await pageSession();
  return (
    <html lang="en">
      <body>
        <Providers>
          <header className="site-header">
            <div className="site-header__inner">
              <Link href="/" className="brand">
                <span className="brand__mark" aria-hidden="true">
                  ◆
                </span>
                Stancewatch
              </Link>
              <SiteNav initial={session} />
            </div>
          </header>
          <main className="page">{children}</main>
          <footer className="site-footer">
            Stances are coded with the Stancewatch codebook. Click any mark to read the sentences behind it.
          </footer>
        </Providers>
      </body>
    </html>
  );
}
