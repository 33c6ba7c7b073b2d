"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type SessionState } from "@/browser/api-client";
import { queryKeys } from "@/browser/query-client";

/** GET /api/session: whether this browser is signed in (pages pass the server's answer as initial data). */
export function useSession(initial?: SessionState) {
  return useQuery({
    queryKey: queryKeys.session(),
    queryFn: ({ signal }) => api.session(signal),
    initialData: initial,
  });
}

/** POST /api/session: trades the admin token for the httpOnly session cookie. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => api.signIn(token),
    onSuccess: (state) => client.setQueryData(queryKeys.session(), state),
  });
}

/** DELETE /api/session: this browser, or (`everywhere`) every signed-in session of the server. */
export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (everywhere: boolean | undefined) => api.signOut(everywhere ?? false),
    onSuccess: (state) => client.setQueryData(queryKeys.session(), state),
  });
}
