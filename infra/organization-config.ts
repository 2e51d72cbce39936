/**
 * The organization deployment's choices, read from CDK context and validated at the edge like app-config.ts:
 *   npx cdk deploy VpcMirroringGuardOrganization -c organizationId=o-a1b2c3d4e5 -c organizationTargets=r-ab12
 * Without organizationId the app has no organization stack (the conformance pack is still written).
 */
import { z } from 'zod';
import { IAM_ROLE_NAME_PATTERN } from '../rule/rule-definition';
import { InvalidAppContextError } from './app-config';
import { DEFAULT_MEMBER_ROLE_NAMES, ORGANIZATION_ID_PATTERN } from './member-account-stack';
import type { VpcMirroringGuardOrganizationStackProps } from './organization-stack';
import { DEPLOYMENT_TARGET_PATTERN } from './organization-stack';

export const ORGANIZATION_CONTEXT_KEYS = [
  'organizationId',
  'organizationTargets',
  'memberRoleName',
  'memberRoleSuffix',
  'memberAccountIds',
  'stackSetCallAs',
] as const;

/** `-c key=a,b` gives a comma-separated string; cdk.json may give a JSON array. */
const list = (item: z.ZodString) =>
  z.union([z.string().transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== '')), z.array(z.string())]).pipe(z.array(item));

const organizationContextSchema = z
  .object({
    organizationId: z.string().regex(ORGANIZATION_ID_PATTERN, { message: "Context 'organizationId' accepts an organization ID such as o-a1b2c3d4e5" }).optional(),
    organizationTargets: list(
      z.string().regex(DEPLOYMENT_TARGET_PATTERN, {
        message: "Context 'organizationTargets' accepts OU IDs (ou-ab12-cd34ef56) and the root ID (r-ab12), comma-separated",
      }),
    )
      .pipe(z.array(z.string()).min(1, { message: "Context 'organizationTargets' needs at least one OU or root ID" }))
      .optional(),
    memberRoleName: z
      .string()
      .regex(IAM_ROLE_NAME_PATTERN, { message: "Context 'memberRoleName' accepts an IAM role name (1-64 of letters, digits, +=,.@_-)" })
      .optional(),
    // IAM names are global: a second Region's central stack deploys its member roles under other names.
    memberRoleSuffix: z
      .string()
      .regex(/^[\w+=,.@-]{1,20}$/, { message: "Context 'memberRoleSuffix' accepts up to 20 of letters, digits, +=,.@_- (e.g. -eu-west-1)" })
      .optional(),
    memberAccountIds: list(z.string().regex(/^\d{12}$/, { message: "Context 'memberAccountIds' accepts 12-digit account IDs, comma-separated" })).optional(),
    stackSetCallAs: z.enum(['SELF', 'DELEGATED_ADMIN'], { message: "Context 'stackSetCallAs' accepts SELF or DELEGATED_ADMIN" }).optional(),
  })
  .refine((c) => (c.organizationId === undefined) === (c.organizationTargets === undefined), {
    message: "Context 'organizationId' and 'organizationTargets' go together: the StackSet deploys to those OUs of that organization",
  });

export interface OrganizationConfig {
  /** The role the rule assumes in member accounts: the conformance pack's executionRoleName. */
  readonly executionRoleName: string;
  /** Props of the organization stack; undefined when the context names no organization. */
  readonly stackProps?: VpcMirroringGuardOrganizationStackProps;
}

export function organizationConfigFromContext(tryGetContext: (key: string) => unknown): OrganizationConfig {
  const raw = Object.fromEntries(ORGANIZATION_CONTEXT_KEYS.map((k) => [k, tryGetContext(k)]).filter(([, v]) => v !== undefined));
  const parsed = organizationContextSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidAppContextError(parsed.error.issues.map((i) => i.message).join('; '));
  const c = parsed.data;
  const suffix = c.memberRoleSuffix ?? '';
  const executionRoleName = (c.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAMES.ruleRoleName) + suffix;
  const memberRoleNames = {
    ruleRoleName: executionRoleName,
    remediationRoleName: DEFAULT_MEMBER_ROLE_NAMES.remediationRoleName + suffix,
    automationRoleName: DEFAULT_MEMBER_ROLE_NAMES.automationRoleName + suffix,
  };
  if (c.organizationId === undefined || c.organizationTargets === undefined) return { executionRoleName };
  return {
    executionRoleName,
    stackProps: {
      organizationId: c.organizationId,
      deploymentTargets: c.organizationTargets,
      memberRoleNames,
      ...(c.memberAccountIds !== undefined ? { memberAccountIds: c.memberAccountIds } : {}),
      ...(c.stackSetCallAs !== undefined ? { callAs: c.stackSetCallAs } : {}),
    },
  };
}
