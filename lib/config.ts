import path from "node:path";
import { z } from "zod";

const Env = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "DATABASE_URL must be a postgres:// or postgresql:// URL",
    }),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  ADMIN_TOKEN: z.string().optional(),
  SAMPLE_DATA: z.enum(["0", "1"]).default("1"),
});

export type AppConfig = {
  databaseUrl: string | undefined;
  dataDir: string;
  adminToken: string | undefined;
  loadSampleData: boolean;
};

/** Reads and validates the environment once; a bad value stops start-up with a message naming it. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${detail}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    adminToken: e.ADMIN_TOKEN || undefined,
    loadSampleData: e.SAMPLE_DATA === "1",
  };
}
