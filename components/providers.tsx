"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { makeQueryClient } from "@/browser/query-client";

export function Providers({ children }: { children: ReactNode }) {
  // One client per browser session; created in state so a re-render never replaces its cache.
  const [client] = useState(makeQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
