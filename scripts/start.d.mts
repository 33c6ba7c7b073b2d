/** Builds the app when its sources changed since the last build; false when the build fails. */
export function ensureBuild(options?: { quiet?: boolean }): boolean;
export function sourceFingerprint(): string;
