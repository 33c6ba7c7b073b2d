import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

// The layer rules of docs/architecture.md live in biome.json; these probes prove that a wrong arrow fails lint
// (and that the one allowed exception passes), so the rules cannot quietly stop matching.
const root = path.resolve(__dirname, "../../..");
const biome = path.join(root, "node_modules", ".bin", "biome");

function refused(file: string, specifier: string): boolean {
  const probe = path.join(root, file);
  fs.writeFileSync(probe, `import { probe } from "${specifier}";\n\nexport const layerProbe = probe;\n`);
  try {
    const run = spawnSync(biome, ["lint", "--only=style/noRestrictedImports", probe], { cwd: root, encoding: "utf8" });
    return run.status !== 0 && `${run.stdout}${run.stderr}`.includes("noRestrictedImports");
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

test.each([
  ["domain/layer-probe.ts", "@/db/queries/stances"],
  ["domain/coder/layer-probe.ts", "../../contracts/filters"],
  ["domain/layer-probe.ts", "react"],
  ["contracts/layer-probe.ts", "@/server/http/route"],
  ["contracts/layer-probe.ts", "drizzle-orm"],
  ["db/queries/layer-probe.ts", "../../server/http/route"],
  ["db/layer-probe.ts", "@/server/config"],
  ["browser/layer-probe.ts", "@/db/queries/stances"],
  ["components/layer-probe.tsx", "@/server/export/render"],
  ["components/charts/layer-probe.tsx", "../../db/queries/stances"],
  ["hooks/layer-probe.ts", "@/db/client"],
  ["server/http/layer-probe.ts", "@/components/dashboard/dashboard"],
  ["server/export/layer-probe.ts", "@/components/dashboard/dashboard"],
  ["app/layer-probe.ts", "@/tests/helpers/db"],
])("%s may not import %s", (file, specifier) => {
  expect(refused(file, specifier)).toBe(true);
});

test.each([
  ["server/export/layer-probe.ts", "@/components/charts/stance-matrix-chart"],
  ["server/layer-probe.ts", "@/db/queries/stances"],
  ["db/queries/layer-probe.ts", "../../domain/labels"],
  ["components/layer-probe.tsx", "@/browser/api-client"],
])("%s may import %s", (file, specifier) => {
  expect(refused(file, specifier)).toBe(false);
});
