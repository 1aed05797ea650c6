// @ts-nocheck
import { Problem } from './schemas/problem.js';

/** What a call returned: status, headers and body, for tests to assert on all of them. */
export class ApiResponse<T> {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly text: string,
    private readonly parsed: unknown,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** The 2xx body, typed; reading it from any other response fails with what came back. */
  get body(): T {
    if (!this.ok) throw new Error(`${this.describe()}: expected a 2xx response, got ${this.status}: ${this.text.slice(0, 500)}`);
    return this.parsed as T;
  }

  /** The problem details of a non-2xx response. */
  get problem(): Problem {
    if (this.ok) throw new Error(`${this.describe()}: expected an error response, got ${this.status}: ${this.text.slice(0, 500)}`);
    return Problem.parse(this.parsed);
  }

  /** The parsed JSON whatever the status (for tests about error shapes). */
  get json(): unknown {
    return this.parsed;
  }

  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()];
  }

  describe(): string {
    return `${this.method} ${this.path}`;
  }
}

/** Throws, with status and body, on anything but 2xx: for setup code, not for assertions. */
export function ensureOk<T>(response: ApiResponse<T>): T {
  if (!response.ok) throw new Error(`setup call ${response.describe()} failed with ${response.status}: ${response.text.slice(0, 500)}`);
  return response.body;
}
