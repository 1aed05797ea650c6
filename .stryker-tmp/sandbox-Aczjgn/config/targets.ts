/** Where the system under test comes from (see runtime/): declared here, once. */
// @ts-nocheck

export const TARGETS = ['local', 'containers', 'remote'] as const;
export type TargetName = (typeof TARGETS)[number];
