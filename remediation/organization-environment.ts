/**
 * The central remediation Lambda's environment, as its stack sets it and its handler reads it. A module of its own
 * so the stack (infra/organization-stack.ts, in the package's main entry) names the variables without loading the
 * handler, which creates SDK clients when imported.
 */

/** The environment variable the central stack sets to the member remediation role's name. */
export const MEMBER_ROLE_NAME_ENV = 'MEMBER_ROLE_NAME';
/** The environment variable listing the traffic mirror targets member-account requests may mirror to, comma-separated. */
export const ALLOWED_TARGET_IDS_ENV = 'ALLOWED_TARGET_IDS';
