export declare const DEBIAN_CHROMIUM: string;
export declare function playwrightChromium(): string | null;
export declare function findChromium(): string | null;
