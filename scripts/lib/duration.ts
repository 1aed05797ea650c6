// Durations as people write them: 90s, 30m, 6h, 2d.

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds of "6h" and the like; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : undefined;
}

/** "2 d 3 h", "6 h 12 min", "4 min", "12 s": the two largest units. */
export function formatDuration(ms: number): string {
  const parts: [number, string][] = [[Math.floor(ms / UNIT_MS.d), 'd'], [Math.floor(ms / UNIT_MS.h) % 24, 'h'], [Math.floor(ms / UNIT_MS.m) % 60, 'min'], [Math.floor(ms / UNIT_MS.s) % 60, 's']];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return '0 s';
  return parts.slice(first, first + 2).filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}`).join(' ');
}
