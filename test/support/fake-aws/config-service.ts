/**
 * The fake AWS Config service: the custom-rule side of it (PutEvaluations, GetComplianceDetailsByConfigRule,
 * StartConfigRulesEvaluation), with Config's limits and error codes. Evaluations are kept per region, rule and
 * resource; a newer OrderingTimestamp replaces an older one, as Config does.
 */
import {
  GetComplianceDetailsByConfigRule$,
  PutEvaluations$,
  StartConfigRulesEvaluation$,
} from '@aws-sdk/client-config-service';
import { FakeConfigSetupService } from './config-setup';
import { FakeAwsError } from './errors';
import type { ComplianceType, SeedEvaluation, StoredEvaluation } from './types';
import type { SdkOperationSchema } from './wire-codec';

/** PutEvaluations: "Array Members: Maximum number of 100 items" (Config API Reference). */
export const MAX_EVALUATIONS_PER_PUT = 100;
/** Evaluation.Annotation: "Length Constraints: Minimum length of 1. Maximum length of 256." */
export const MAX_ANNOTATION_LENGTH = 256;
/** GetComplianceDetailsByConfigRule.Limit: "The default is 10. You cannot specify a number greater than 100." */
export const DEFAULT_COMPLIANCE_DETAILS_LIMIT = 10;
export const MAX_COMPLIANCE_DETAILS_LIMIT = 100;
/** StartConfigRulesEvaluation.ConfigRuleNames: 1 to 25 names. */
export const MAX_RULES_PER_START = 25;

const COMPLIANCE_TYPES: readonly ComplianceType[] = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'];
/** "For the PutEvaluations request, Config supports only the COMPLIANT, NON_COMPLIANT, and NOT_APPLICABLE values." */
const PUTTABLE: readonly string[] = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'];

const TOKEN_PREFIX = 'fake-aws-config-result-token:';

/** Model constraint violations, worded as AWS JSON services word them. */
const validation = (field: string, constraint: string) =>
  new FakeAwsError('ValidationException', `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`);

interface StoredEntry extends StoredEvaluation {
  resultRecordedTime: Date;
}

interface SdkEvaluation {
  ComplianceResourceType?: string;
  ComplianceResourceId?: string;
  ComplianceType?: string;
  Annotation?: string;
  OrderingTimestamp?: Date;
}

export interface ConfigOperation {
  readonly schema: SdkOperationSchema;
  readonly run: (input: Record<string, unknown>, region: string) => object;
}

/** Config's state for every region, and its operations. */
export class FakeConfigService {
  private readonly store = new Map<string, Map<string, StoredEntry>>();
  /**
   * Every stored key of a region, sorted; dropped when a new key is stored (a replaced evaluation keeps its key,
   * so a rule re-reporting its VPCs while it pages through them keeps the order). Paging then costs O(page), not
   * a sort of every evaluation per page: at 10,000 evaluations that was ~12 ms a page, which the benchmark
   * would have charged to the rule's sweep.
   */
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly knownRules = new Set<string>();
  private readonly failures = new Map<string, number>();
  /** Recorders, rules, remediation configurations and executions: what `doctor` and `remediate` read. */
  readonly setup = new FakeConfigSetupService();

  readonly operations: Readonly<Record<string, ConfigOperation>> = {
    ...this.setup.operations,
    PutEvaluations: { schema: PutEvaluations$, run: (input, region) => this.putEvaluations(input, region) },
    GetComplianceDetailsByConfigRule: {
      schema: GetComplianceDetailsByConfigRule$,
      run: (input, region) => this.getComplianceDetails(input, region),
    },
    StartConfigRulesEvaluation: {
      schema: StartConfigRulesEvaluation$,
      run: (input) => this.startEvaluation(input),
    },
  };

  /** A ResultToken that PutEvaluations maps back to `configRuleName` (and makes the rule known). */
  resultToken(configRuleName: string): string {
    this.knownRules.add(configRuleName);
    return TOKEN_PREFIX + Buffer.from(configRuleName).toString('base64url');
  }

  seed(region: string, configRuleName: string, items: readonly SeedEvaluation[]): void {
    this.knownRules.add(configRuleName);
    for (const item of items) {
      this.save({
        region,
        configRuleName,
        resourceType: item.resourceType ?? 'AWS::EC2::VPC',
        resourceId: item.resourceId,
        complianceType: item.complianceType,
        ...(item.annotation !== undefined ? { annotation: item.annotation } : {}),
        orderingTimestamp: item.orderingTimestamp ?? new Date(0).toISOString(),
        resultRecordedTime: new Date(),
      });
    }
  }

  failEvaluations(resourceIds: readonly string[], times: number): void {
    for (const id of resourceIds) this.failures.set(id, times);
  }

  evaluations(region?: string): StoredEvaluation[] {
    const out: StoredEvaluation[] = [];
    for (const [r, entries] of this.store) {
      if (region !== undefined && r !== region) continue;
      for (const { resultRecordedTime: _recorded, ...e } of entries.values()) out.push(e);
    }
    return out.sort(
      (a, b) =>
        a.region.localeCompare(b.region) ||
        a.configRuleName.localeCompare(b.configRuleName) ||
        a.resourceId.localeCompare(b.resourceId),
    );
  }

  private entryKey(e: Pick<StoredEvaluation, 'configRuleName' | 'resourceType' | 'resourceId'>): string {
    return `${e.configRuleName}\u0000${e.resourceType}\u0000${e.resourceId}`;
  }

  private save(entry: StoredEntry): void {
    let entries = this.store.get(entry.region);
    if (!entries) {
      entries = new Map();
      this.store.set(entry.region, entries);
    }
    const key = this.entryKey(entry);
    const previous = entries.get(key);
    // Config keeps the evaluation with the latest OrderingTimestamp.
    if (previous && Date.parse(previous.orderingTimestamp) > Date.parse(entry.orderingTimestamp)) return;
    if (!previous) this.sortedKeys.delete(entry.region);
    entries.set(key, entry);
  }

  private ruleOfToken(token: unknown): string {
    if (typeof token !== 'string' || !token.startsWith(TOKEN_PREFIX)) {
      throw new FakeAwsError('InvalidResultTokenException', 'The specified ResultToken is not valid');
    }
    const rule = Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8');
    if (!this.knownRules.has(rule)) throw new FakeAwsError('InvalidResultTokenException', 'The specified ResultToken is not valid');
    return rule;
  }

  private putEvaluations(input: Record<string, unknown>, region: string): object {
    const rule = this.ruleOfToken(input.ResultToken);
    const evaluations = (input.Evaluations as SdkEvaluation[] | undefined) ?? [];
    if (evaluations.length > MAX_EVALUATIONS_PER_PUT) {
      throw validation('evaluations', `Member must have length less than or equal to ${MAX_EVALUATIONS_PER_PUT}`);
    }
    evaluations.forEach((e, i) => {
      const at = (field: string) => `evaluations.${i + 1}.member.${field}`;
      if (!e.ComplianceResourceType) throw validation(at('complianceResourceType'), 'Member must not be null');
      if (!e.ComplianceResourceId) throw validation(at('complianceResourceId'), 'Member must not be null');
      if (!e.ComplianceType || !COMPLIANCE_TYPES.includes(e.ComplianceType as ComplianceType)) {
        throw validation(at('complianceType'), `Member must satisfy enum value set: [${COMPLIANCE_TYPES.join(', ')}]`);
      }
      if (!PUTTABLE.includes(e.ComplianceType)) {
        throw new FakeAwsError(
          'InvalidParameterValueException',
          `PutEvaluations accepts only COMPLIANT, NON_COMPLIANT and NOT_APPLICABLE, not ${e.ComplianceType}`,
        );
      }
      if (!(e.OrderingTimestamp instanceof Date) || Number.isNaN(e.OrderingTimestamp.getTime())) {
        throw validation(at('orderingTimestamp'), 'Member must not be null');
      }
      if (e.Annotation !== undefined && (e.Annotation.length < 1 || e.Annotation.length > MAX_ANNOTATION_LENGTH)) {
        throw validation(at('annotation'), `Member must have length between 1 and ${MAX_ANNOTATION_LENGTH}`);
      }
    });
    const failed: SdkEvaluation[] = [];
    for (const e of evaluations) {
      const id = e.ComplianceResourceId ?? '';
      const remaining = this.failures.get(id) ?? 0;
      if (remaining > 0) {
        this.failures.set(id, remaining - 1);
        failed.push(e);
        continue;
      }
      if (input.TestMode === true) continue;
      this.save({
        region,
        configRuleName: rule,
        resourceType: e.ComplianceResourceType ?? '',
        resourceId: id,
        complianceType: e.ComplianceType as ComplianceType,
        ...(e.Annotation !== undefined ? { annotation: e.Annotation } : {}),
        orderingTimestamp: (e.OrderingTimestamp as Date).toISOString(),
        resultRecordedTime: new Date(),
      });
    }
    return { FailedEvaluations: failed };
  }

  private knownRule(name: unknown, region?: string): string {
    if (typeof name !== 'string' || !(this.knownRules.has(name) || (region !== undefined && this.setup.hasRule(region, name)))) {
      throw new FakeAwsError('NoSuchConfigRuleException', `The ConfigRule '${String(name)}' provided in the request is invalid.`);
    }
    return name;
  }

  private getComplianceDetails(input: Record<string, unknown>, region: string): object {
    const rule = this.knownRule(input.ConfigRuleName, region);
    const limitInput = typeof input.Limit === 'number' ? input.Limit : 0;
    if (limitInput < 0 || limitInput > MAX_COMPLIANCE_DETAILS_LIMIT) {
      throw validation('limit', `Member must have value less than or equal to ${MAX_COMPLIANCE_DETAILS_LIMIT}`);
    }
    const limit = limitInput === 0 ? DEFAULT_COMPLIANCE_DETAILS_LIMIT : limitInput;
    const types = Array.isArray(input.ComplianceTypes) ? (input.ComplianceTypes as string[]) : undefined;
    for (const t of types ?? []) {
      if (!COMPLIANCE_TYPES.includes(t as ComplianceType)) {
        throw validation('complianceTypes', `Member must satisfy enum value set: [${COMPLIANCE_TYPES.join(', ')}]`);
      }
    }
    // The token is the last key returned, not an offset, so evaluations recorded while a caller pages
    // (the rule lists and puts concurrently) neither shift nor repeat results.
    let after: string | undefined;
    if (typeof input.NextToken === 'string' && input.NextToken !== '') {
      after = Buffer.from(input.NextToken, 'base64url').toString('utf8');
      if (!after.startsWith(rule + '\u0000')) {
        throw new FakeAwsError('InvalidNextTokenException', 'The specified next token is not valid');
      }
    }
    const entries = this.store.get(region) ?? new Map<string, StoredEntry>();
    let keys = this.sortedKeys.get(region);
    if (!keys) {
      keys = [...entries.keys()].sort();
      this.sortedKeys.set(region, keys);
    }
    // The first key after the token (or the rule's first key), by binary search.
    const from = after ?? rule + '\u0000';
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((keys[mid] ?? '') <= from) lo = mid + 1;
      else hi = mid;
    }
    const page: StoredEntry[] = [];
    let more = false;
    for (let i = lo; i < keys.length; i++) {
      const key = keys[i] ?? '';
      if (!key.startsWith(rule + '\u0000')) break;
      const e = entries.get(key);
      if (!e || (types !== undefined && !types.includes(e.complianceType))) continue;
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(e);
    }
    const last = page.at(-1);
    const next = more && last ? Buffer.from(this.entryKey(last)).toString('base64url') : undefined;
    return {
      EvaluationResults: page.map((e) => ({
        EvaluationResultIdentifier: {
          EvaluationResultQualifier: { ConfigRuleName: e.configRuleName, ResourceType: e.resourceType, ResourceId: e.resourceId },
          OrderingTimestamp: new Date(e.orderingTimestamp),
        },
        ComplianceType: e.complianceType,
        ResultRecordedTime: e.resultRecordedTime,
        ConfigRuleInvokedTime: e.resultRecordedTime,
        ...(e.annotation !== undefined ? { Annotation: e.annotation } : {}),
      })),
      NextToken: next,
    };
  }

  private startEvaluation(input: Record<string, unknown>): object {
    const names = Array.isArray(input.ConfigRuleNames) ? (input.ConfigRuleNames as string[]) : [];
    if (names.length < 1 || names.length > MAX_RULES_PER_START) {
      throw validation('configRuleNames', `Member must have length between 1 and ${MAX_RULES_PER_START}`);
    }
    names.forEach((n) => this.knownRule(n));
    return {};
  }
}
