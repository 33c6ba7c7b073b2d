import fs from "node:fs";
import path from "node:path";
import { isImportable } from "./parse";

/** The files an import reads: those named, and those found walking the folders named, in a stable order. */
export type ImportFileList = {
  /** Absolute paths of the .txt, .md, .json and .jsonl files, each once. */
  files: string[];
  /** Other files found in the folders, left alone. */
  skipped: string[];
  /** Paths given that do not exist. */
  missing: string[];
};

export function listImportFiles(paths: readonly string[]): ImportFileList {
  const files: string[] = [];
  const skipped: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();

  const visit = (p: string, named: boolean) => {
    let real: string;
    let stat: fs.Stats;
    try {
      real = fs.realpathSync(p);
      stat = fs.statSync(real);
    } catch {
      if (named) missing.push(p);
      // A broken link inside a folder is left alone like any other file that is not a report.
      else skipped.push(p);
      return;
    }
    // A file named twice, or reached both directly and through its folder (or a link), is read once.
    if (seen.has(real)) return;
    seen.add(real);
    if (stat.isDirectory()) {
      const children = fs.readdirSync(real).sort();
      for (const child of children) {
        // Hidden folders (.git and the like) are not walked; a folder named on the command line always is.
        const full = path.join(p, child);
        if (child.startsWith(".") && isDirectory(full)) continue;
        visit(full, false);
      }
    } else if (stat.isFile() && (named || isImportable(p))) {
      files.push(path.resolve(p));
    } else {
      skipped.push(path.resolve(p));
    }
  };

  for (const p of paths) visit(p, true);
  return { files, skipped, missing };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
