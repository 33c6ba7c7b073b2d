import { ApiError } from "@/contracts/errors";
import { route } from "@/server/http/route";

// Any path under /api that no route serves gets the error envelope, not Next's HTML 404 page.
const notFound = route(async (request: Request) => {
  throw new ApiError("not_found", `No API route ${request.method} ${new URL(request.url).pathname}`);
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
