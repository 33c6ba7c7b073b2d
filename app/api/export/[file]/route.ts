import { exportChart } from "@/app/_server/export";
import { getDb } from "@/db/client";
import { EXPORT_CHARTS, EXPORT_FORMATS, type ExportChart, type ExportFormat } from "@/lib/export";
import { ExportQuery } from "@/lib/filters";
import { ApiError } from "@/lib/http";
import { otherMethods, parseQuery, route } from "@/lib/route";

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
