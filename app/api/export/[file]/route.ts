import { ApiError } from "@/contracts/errors";
import { ExportQuery } from "@/contracts/filters";
import { getDb } from "@/server/database";
import { EXPORT_CHARTS, EXPORT_FORMATS, type ExportChart, type ExportFormat } from "@/server/export";
import { exportChart } from "@/server/export/service";
import { otherMethods, parseQuery, route } from "@/server/http/route";

const FILE = new RegExp(`^(${EXPORT_CHARTS.join("|")})\\.(${EXPORT_FORMATS.join("|")})$`);

/** `GET /api/export/{chart}.{svg|png|csv|json}` with the dashboard's filters: the chart's file, as the dashboard exports it. */
export const GET = route(async (request: Request, { params }: RouteContext<"/api/export/[file]">) => {
  const file = (await params).file;
  const match = FILE.exec(file);
  if (!match) {
    throw new ApiError(
      "not_found",
      `No export "${file}": ask for <chart>.<format>, chart one of ${EXPORT_CHARTS.join(", ")}, format one of ${EXPORT_FORMATS.join(", ")}`,
    );
  }
  const query = parseQuery(request, ExportQuery);
  return exportChart(await getDb(), match[1] as ExportChart, match[2] as ExportFormat, query, request.signal);
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
