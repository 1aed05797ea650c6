// Security tests name the OWASP API Security Top 10 (2023) risk they check: a tag to
// select them (--grep @owasp-api1) and an annotation the report shows. Those safe against
// a shared environment also carry @staging-safe, and run nightly on staging too: nothing
// that locks accounts or sends requests by the thousand (README, "Staging").

const RISKS = {
  API1: 'API1:2023 Broken Object Level Authorization',
  API2: 'API2:2023 Broken Authentication',
  API3: 'API3:2023 Broken Object Property Level Authorization',
  API4: 'API4:2023 Unrestricted Resource Consumption',
  API5: 'API5:2023 Broken Function Level Authorization',
  API8: 'API8:2023 Security Misconfiguration',
  API9: 'API9:2023 Improper Inventory Management',
  API10: 'API10:2023 Unsafe Consumption of APIs',
} as const;

export type Risk = keyof typeof RISKS;

export function owasp(...risks: Risk[]) {
  return {
    tag: ['@security', ...risks.map((r) => `@owasp-${r.toLowerCase()}`)],
    annotation: risks.map((r) => ({ type: 'OWASP API Security Top 10', description: RISKS[r] })),
  };
}

/** Tag of the checks that are safe to run against a shared environment (staging). */
export const STAGING_SAFE = '@staging-safe';

/** owasp(...), for checks safe against a shared environment: they run nightly on staging too. */
export function owaspStagingSafe(...risks: Risk[]) {
  const details = owasp(...risks);
  return { ...details, tag: [...details.tag, STAGING_SAFE] };
}
