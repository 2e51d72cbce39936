/**
 * The remediation's public surface, for the Lambda, the CLI's `remediate` command and infra/: one copy of the logic.
 * readRemediationInventory (EC2 reads) → planRemediation (pure) → applyPlan (EC2 writes, with rollback).
 */
export { applyPlan, NoMirrorableSourceError, OutOfTimeError, TargetSourceLimitError } from './apply';
export type { ApplyOptions, RemediationResult } from './apply';
export type { RemediationInventory } from './inventory';
export { planRemediation, RemediationPreconditionError } from './plan';
export type { RemediationPlan } from './plan';
export { readRemediationInventory } from './read-inventory';
export {
  InvalidRemediationRequestError,
  parseRemediationRequest,
  remediationRequestSchema,
  RUNBOOK_PARAMETER_OF,
} from './request';
export type { RemediationRequest, SourceSelection, TargetSpec } from './request';
