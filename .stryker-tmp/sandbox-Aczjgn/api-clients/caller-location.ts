// @ts-nocheck
import type { Location } from '@playwright/test';

const OWN_FRAMES = /[\\/](api-clients|node_modules)[\\/]|node:internal/;

/** Where the test (or fixture) made this call, so its step points at that line, not at the HTTP layer. */
export function callerLocation(): Location | undefined {
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^()]+?):(\d+):(\d+)\)?$/.exec(line.trim());
    if (match && !OWN_FRAMES.test(match[1]!)) {
      return { file: match[1]!.replace(/^file:\/\//, ''), line: Number(match[2]), column: Number(match[3]) };
    }
  }
  return undefined;
}
