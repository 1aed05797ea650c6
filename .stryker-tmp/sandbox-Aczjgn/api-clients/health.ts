// @ts-nocheck
import type { Http } from './http.js';
import { Health, OpenApi, Ready } from './schemas/health.js';

export function healthClient(http: Http) {
  return {
    health: () => http.send('GET', '/health', { schema: Health }),
    ready: () => http.send('GET', '/ready', { schema: Ready }),
    openapi: () => http.send('GET', '/openapi.json', { schema: OpenApi }),
  };
}
