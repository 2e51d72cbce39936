/** Package entry: the constructs other CDK apps use to add the rule to their own stacks. */
export { TrafficMirroringRule, RULE_HANDLER_ENTRY, DEFAULT_LOG_RETENTION } from './traffic-mirroring-rule';
export type { TrafficMirroringRuleProps } from './traffic-mirroring-rule';
export { GuardFunction, GUARD_FUNCTION_RUNTIME, GUARD_FUNCTION_ARCHITECTURE } from './guard-function';
export type { GuardFunctionProps } from './guard-function';
export { VpcMirroringGuardStack } from './stack';
export type { VpcMirroringGuardStackProps } from './stack';
export type { GuardrailProps } from './guard-function';
export { addGuardrails, EveryTemplateCfnGuardValidator } from './guardrails';
export { VpcMirroringGuardOrganizationStack } from './organization-stack';
export type { VpcMirroringGuardOrganizationStackProps } from './organization-stack';
export { VpcMirroringGuardMemberStack, DEFAULT_MEMBER_ROLE_NAMES } from './member-account-stack';
export type { MemberRoleNames } from './member-account-stack';
export { buildConformancePack, conformancePackProblems } from './conformance-pack';
export { OperationsAlarms } from './operations-alarms';
export type { OperationsAlarmsProps } from './operations-alarms';
