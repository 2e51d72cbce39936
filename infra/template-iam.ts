/**
 * Reads a synthesized template's IAM for a Lambda function: every statement its execution role gets, from
 * AWS::IAM::Policy resources attached to the role and from the role's inline policies. Least-privilege tests
 * use it on the real template.
 */
import type { CfnTemplate } from './synth-summary';

export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, unknown>;
}

export interface RolePermissions {
  readonly roleLogicalId: string;
  readonly statements: readonly PolicyStatementJson[];
  /** ManagedPolicyArns of the role, as written in the template. */
  readonly managedPolicyArns: readonly unknown[];
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function refersTo(value: unknown, logicalId: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
  return v.Ref === logicalId || (Array.isArray(v['Fn::GetAtt']) && v['Fn::GetAtt'][0] === logicalId);
}

/** The execution role of a function and every statement and managed policy it carries. */
export function functionRolePermissions(template: CfnTemplate, functionLogicalId: string): RolePermissions {
  const resources = template.Resources ?? {};
  const fn = resources[functionLogicalId];
  if (fn?.Type !== 'AWS::Lambda::Function') throw new Error(`${functionLogicalId} is not an AWS::Lambda::Function`);
  const roleRef = fn.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const roleLogicalId = roleRef?.['Fn::GetAtt']?.[0];
  if (roleLogicalId === undefined || resources[roleLogicalId]?.Type !== 'AWS::IAM::Role') {
    throw new Error(`${functionLogicalId}'s role is not a role of this template`);
  }
  const role = resources[roleLogicalId];
  const inline = asArray(role?.Properties?.Policies as { PolicyDocument: { Statement: PolicyStatementJson[] } }[] | undefined);
  const attached = Object.values(resources).filter(
    (r) => r.Type === 'AWS::IAM::Policy' && asArray(r.Properties?.Roles as unknown[]).some((x) => refersTo(x, roleLogicalId)),
  );
  const statements = [...inline.map((p) => p.PolicyDocument), ...attached.map((p) => p.Properties?.PolicyDocument as { Statement: PolicyStatementJson[] })].flatMap(
    (doc) => asArray(doc.Statement),
  );
  return {
    roleLogicalId,
    statements,
    managedPolicyArns: asArray(role?.Properties?.ManagedPolicyArns as unknown[] | undefined),
  };
}

/** Every action allowed by the statements (NotAction statements are reported as such, never expanded). */
export function allowedActions(statements: readonly PolicyStatementJson[]): string[] {
  return [
    ...new Set(
      statements
        .filter((s) => s.Effect === 'Allow')
        .flatMap((s) => [...asArray(s.Action), ...asArray(s.NotAction).map((a) => `NotAction:${a}`)]),
    ),
  ].sort();
}
