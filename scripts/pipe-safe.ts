/** Piped into head or grep, a reader that stops early is no error: exit quietly. */
export function exitQuietlyWhenPipeCloses(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));
}
