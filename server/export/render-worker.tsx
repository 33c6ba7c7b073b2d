// The dashboard's charts drawn off-screen for exports. recharts 3 lays a chart out in effects after its first
// render, so renderToStaticMarkup gives an empty frame: here the same components are mounted in a jsdom
// document and their SVG read back once React has settled (the plain-SVG matrix and heatmap the same way). It runs in a worker thread, because jsdom's
// window and document must be globals and the server's own React must never see them. The PNG is rasterised
// here too: resvg takes a CPU for a few hundred milliseconds per file, which on the server's own thread would
// stall every other request. Bundled with esbuild into .next/export-render-worker.mjs by `npm run build`
// (scripts/start.mjs).
import fs from "node:fs";
import os from "node:os";
import { parentPort } from "node:worker_threads";
import type { ComponentType } from "react";
import { PNG_SCALE } from "../../contracts/export-names";
import type { ExportChart } from "./index";

type Request =
  | { id: number; kind: "svg"; chart: ExportChart; props: Record<string, unknown> }
  | { id: number; kind: "png"; svg: string };

/**
 * On two cores the worker and the server's thread would share the CPU evenly with whatever else runs; files can
 * wait, health checks and the dashboard's reads cannot. On Linux a thread has a nice value of its own: this one
 * (and only this one) steps back to 10 before it loads anything heavy.
 */
function yieldToServer(): void {
  try {
    const tid = Number(/\/task\/(\d+)$/.exec(fs.readlinkSync("/proc/thread-self"))?.[1]);
    if (tid) os.setPriority(tid, 10);
  } catch {
    // No /proc (not Linux): the worker runs at the server's priority.
  }
}
yieldToServer();

// Loaded after the step back: starting jsdom and React takes a core for over a second.
const { JSDOM } = await import("jsdom");
const { Resvg } = await import("@resvg/resvg-js");

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

/** A standalone SVG as a PNG at PNG_SCALE times its size, on white, with the system's fonts. */
function rasterise(svg: string): Uint8Array {
  const png = new Resvg(svg, {
    fitTo: { mode: "zoom", value: PNG_SCALE },
    background: "#ffffff",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  })
    .render()
    .asPng();
  // A copy of our own, so that its memory can be handed to the server's thread rather than copied again.
  return new Uint8Array(png);
}

async function render(request: Extract<Request, { kind: "svg" }>): Promise<string> {
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

async function answer(request: Request): Promise<void> {
  try {
    if (request.kind === "png") {
      const png = rasterise(request.svg);
      parentPort?.postMessage({ id: request.id, png }, [png.buffer as ArrayBuffer]);
    } else {
      parentPort?.postMessage({ id: request.id, svg: await render(request) });
    }
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
}

// One job at a time: React's act() scopes must not overlap, and resvg holds the thread while it draws anyway.
let queue: Promise<void> = Promise.resolve();
parentPort?.on("message", (request: Request) => {
  queue = queue.then(() => answer(request));
});
