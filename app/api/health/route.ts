import { checkDatabase } from "@/db/queries/health";
import { getConnection } from "@/server/database";
import { json, otherMethods, route } from "@/server/http/route";

// Public whatever READ_TOKEN says: load balancers and monitors probe it without a token.
export const GET = route(
  async () => {
    const conn = await getConnection();
    const health = await checkDatabase(conn.db);
    return json({
      status: "ok",
      database: conn.driver,
      ...health,
      uptimeSeconds: Math.round((Date.now() - conn.startedAt) / 1000),
    });
  },
  { public: true },
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
