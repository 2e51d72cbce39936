/**
 * Package entry (`vpc-mirroring-guard`): the constructs and stacks other CDK apps add to their own. It loads no
 * guardrail tooling: cdk-nag and the Control Tower cfn-guard checks are the opt-in `vpc-mirroring-guard/guardrails`
 * (infra/guardrails.ts).
 */
export { TrafficMirroringRule, DEFAULT_LOG_RETENTION } from './traffic-mirroring-rule';
export type { TrafficMirroringRuleProps } from './traffic-mirroring-rule';
export { TrafficMirroringRemediation } from './traffic-mirroring-remediation';
export type { RemediationTarget, TrafficMirroringRemediationProps } from './traffic-mirroring-remediation';
export { GUARD_FUNCTION_RUNTIME, GUARD_FUNCTION_ARCHITECTURE } from './guard-function';
export type { GuardrailProps } from './guard-function';
export { VpcMirroringGuardStack } from './stack';
export type { ExistingNetwork, VpcMirroringGuardStackProps } from './stack';
export { VpcMirroringGuardOrganizationStack } from './organization-stack';
export type { VpcMirroringGuardOrganizationStackProps } from './organization-stack';
export { VpcMirroringGuardMemberStack, DEFAULT_MEMBER_ROLE_NAMES } from './member-account-stack';
export type { MemberRoleNames } from './member-account-stack';
export { buildConformancePack, conformancePackProblems } from './conformance-pack';
export type { ConformancePackOptions } from './conformance-pack';
export { acknowledgeControlTowerRule } from './acknowledgements';
export { OperationsAlarms } from './operations-alarms';
export type { OperationsAlarmsProps } from './operations-alarms';
