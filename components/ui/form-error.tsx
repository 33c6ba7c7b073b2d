import { ApiClientError } from "@/browser/api-client";

/** A refused write in words: the server's message, and each field it named. */
export function FormError({ error }: { error: Error | null }) {
  if (!error) return null;
  const issues = error instanceof ApiClientError ? error.issues : [];
  return (
    <div role="alert" className="form-error">
      <p>{error.message}</p>
      {issues.length > 1 && (
        <ul>
          {issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              {i.path !== "(root)" && <strong>{i.path}: </strong>}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
