import { describe, expect, test } from "vitest";
import { evenLanes, quantile, serverTiming } from "../../../scripts/paced";

describe("paced load", () => {
  test("R lanes start 1/R s apart, shifted by a fraction of that", () => {
    const target = { url: "http://x/" };
    expect(evenLanes(target, 4).map((l) => l.offsetMs)).toEqual([0, 250, 500, 750]);
    expect(evenLanes(target, 2, 0.5).map((l) => l.offsetMs)).toEqual([250, 750]);
  });

  test("the handler time is read from a raw header list, whatever the header's case", () => {
    expect(serverTiming(["Content-Type", "application/json", "Server-Timing", "handler;dur=12.5"])).toBe(12.5);
    expect(serverTiming(["server-timing", "db;dur=3, handler;dur=4.0"])).toBe(4);
    expect(serverTiming(["server-timing", "db;dur=3"])).toBeUndefined();
    expect(serverTiming(undefined)).toBeUndefined();
  });

  test("quantiles are nearest-rank", () => {
    const ms = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(ms, 0.5)).toBe(5);
    expect(quantile(ms, 0.99)).toBe(10);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });
});
