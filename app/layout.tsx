import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Stancewatch", template: "%s · Stancewatch" },
  description: "Where governments stand on an international crisis, with the sentence that proves it.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <div className="site-header__inner">
            <Link href="/" className="brand">
              <span className="brand__mark" aria-hidden="true">
                ◆
              </span>
              Stancewatch
            </Link>
            <nav aria-label="Main">
              <Link href="/">Dashboard</Link>
              <a href="/api/stances?format=csv">All codings (CSV)</a>
            </nav>
          </div>
        </header>
        <main className="page">
          <Providers>{children}</Providers>
        </main>
        <footer className="site-footer">
          Stances are coded with the Stancewatch codebook. Click any mark to read the sentences behind it.
        </footer>
      </body>
    </html>
  );
}
