// @ts-nocheck
// The local target's backstop (what Ryuk is to containers). Started detached by the
// process that starts services; it learns, line by line on stdin, which process
// groups and directories to clean up. When stdin closes without a final "release"
// line (that process died, even by SIGKILL), it kills those groups and removes those
// directories. Plain JavaScript, so it starts in milliseconds.
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';

const groups = new Set();
const dirs = new Set();
let released = false;

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const msg = JSON.parse(line);
  if (msg.group) groups.add(msg.group);
  if (msg.forgetGroup) groups.delete(msg.forgetGroup);
  if (msg.dir) dirs.add(msg.dir);
  if (msg.forgetDir) dirs.delete(msg.forgetDir);
  if (msg.release) released = true;
});
lines.on('close', () => {
  if (!released) {
    for (const pgid of groups) {
      try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ }
    }
    // Give the kernel a moment to reap the killed processes before removing their files.
    setTimeout(() => {
      for (const dir of dirs) {
        try { rmSync(dir, { recursive: true, force: true }); } catch { /* nothing left to do */ }
      }
      process.exit(0);
    }, 200);
  } else {
    process.exit(0);
  }
});
