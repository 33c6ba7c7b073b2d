// The dashboard's charts drawn off-screen for exports. recharts 3 lays a chart out in effects after its first
// render, so renderToStaticMarkup gives an empty frame: here the same components are mounted in a jsdom
// document and their SVG read back once React has settled (the plain-SVG matrix and heatmap the same way). It runs in a worker thread, because jsdom's
// window and document must be globals and the server's own React must never see them. Bundled with esbuild
// into .next/export-render-worker.mjs by `npm run build` (scripts/start.mjs).
import { parentPort } from "node:worker_threads";
import { JSDOM } from "jsdom";
import type { ComponentType } from "react";
import type { ExportChart } from "./index";

type Request = { id: number; chart: ExportChart; props: Record<string, unknown> };

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
const g = globalThis as Record<string, unknown>;
for (const key of [
  "window",
  "document",
  "navigator",
  "HTMLElement",
  "SVGElement",
  "Element",
  "Node",
  "getComputedStyle",
]) {
  const value = (dom.window as unknown as Record<string, unknown>)[key];
  g[key] = typeof value === "function" && key === "getComputedStyle" ? value.bind(dom.window) : value;
}
g.requestAnimationFrame = (cb: (t: number) => void) => setTimeout(() => cb(Date.now()), 0);
g.cancelAnimationFrame = (id: number) => clearTimeout(id);
g.ResizeObserver = class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
g.IS_REACT_ACT_ENVIRONMENT = true;

const React = await import("react");
const { createRoot } = await import("react-dom/client");
// The dashboard's own chart components, each drawn with the props the export passes.
const CHARTS: Record<ExportChart, ComponentType<never>> = {
  matrix: (await import("../../components/charts/stance-matrix-chart")).StanceMatrixChart,
  distribution: (await import("../../components/charts/stance-distribution-chart")).StanceDistributionChart,
  timeline: (await import("../../components/charts/net-stance-timeline-chart")).NetStanceTimelineChart,
  alignment: (await import("../../components/charts/alignment-heatmap-chart")).AlignmentHeatmapChart,
};

async function render(request: Request): Promise<string> {
  const host = document.createElement("div");
  document.body.appendChild(host);
  const root = createRoot(host);
  try {
    await React.act(async () => {
      root.render(React.createElement(CHARTS[request.chart], request.props as never));
    });
    const svg = host.querySelector("svg.recharts-surface") ?? host.querySelector("svg");
    if (!svg) throw new Error(`the ${request.chart} chart drew no SVG`);
    // Interactive leftovers have no place in a file: the tab stops and the application role.
    svg.removeAttribute("tabindex");
    svg.removeAttribute("role");
    svg.removeAttribute("style");
    // XML, not HTML, serialisation: `&nbsp;` and a raw `<` in an attribute are HTML only, and no SVG reader takes them.
    return new dom.window.XMLSerializer().serializeToString(svg);
  } finally {
    await React.act(async () => root.unmount());
    host.remove();
  }
}

// One chart at a time: React's act() scopes must not overlap.
let queue: Promise<void> = Promise.resolve();
parentPort?.on("message", (request: Request) => {
  queue = queue.then(() =>
    render(request).then(
      (svg) => parentPort?.postMessage({ id: request.id, svg }),
      (error: Error) => parentPort?.postMessage({ id: request.id, error: error.message }),
    ),
  );
});
