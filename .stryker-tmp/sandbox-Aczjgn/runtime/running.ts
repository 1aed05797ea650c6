// @ts-nocheck
import type { StartedTarget } from './target.js';

/** The target global setup started; global teardown runs in the same process and stops it. */
export const running: { target: StartedTarget | undefined } = { target: undefined };
