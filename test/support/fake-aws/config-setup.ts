/**
 * The fake Config's account set-up, per region: configuration recorders and their status, rules and their
 * evaluation status, remediation configurations, and the remediation executions Config starts. Fixtures are the
 * SDK's own shapes, so a test's set-up reads like the Describe* responses a user would see.
 *
 * A remediation execution moves QUEUED → IN_PROGRESS → SUCCEEDED (or FAILED, when a test asked for it) over
 * successive DescribeRemediationExecutionStatus reads that list it.
 */
import type {
  ConfigRule,
  ConfigRuleEvaluationStatus,
  ConfigurationRecorder,
  ConfigurationRecorderStatus,
  RemediationConfiguration,
  ResourceKey,
} from '@aws-sdk/client-config-service';
import {
  DescribeConfigRuleEvaluationStatus$,
  DescribeConfigRules$,
  DescribeConfigurationRecorders$,
  DescribeConfigurationRecorderStatus$,
  DescribeRemediationConfigurations$,
  DescribeRemediationExecutionStatus$,
  StartRemediationExecution$,
} from '@aws-sdk/client-config-service';
import { FakeAwsError } from './errors';
import { Progression } from './progression';
import type { SdkOperationSchema } from './wire-codec';

/** StartRemediationExecution.ResourceKeys: "Minimum number of 1 item. Maximum number of 100 items." (Config API Reference). */
export const MAX_REMEDIATION_RESOURCE_KEYS = 100;
/** DescribeRemediationExecutionStatus.Limit: "Minimum value of 0. Maximum value of 100." */
export const MAX_REMEDIATION_STATUS_LIMIT = 100;
/** DescribeConfigRules / DescribeConfigRuleEvaluationStatus ConfigRuleNames: at most 25 names. */
export const MAX_CONFIG_RULE_NAMES = 25;

/** A region's Config set-up; the arrays are live, so tests may change them between calls. */
export interface FakeConfigSetup {
  recorders: ConfigurationRecorder[];
  recorderStatuses: ConfigurationRecorderStatus[];
  rules: ConfigRule[];
  ruleStatuses: ConfigRuleEvaluationStatus[];
  remediationConfigurations: RemediationConfiguration[];
}

/** How a remediation execution of one resource fails. */
export interface FakeRemediationFailure {
  stepName: string;
  message: string;
}

type RemediationState = 'QUEUED' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

interface RemediationExecution {
  readonly resourceKey: ResourceKey;
  readonly progression: Progression<RemediationState>;
  readonly failure?: FakeRemediationFailure;
  readonly invocationTime: Date;
}

export interface ConfigSetupOperation {
  readonly schema: SdkOperationSchema;
  readonly run: (input: Record<string, unknown>, region: string) => object;
}

const validation = (field: string, constraint: string) =>
  new FakeAwsError('ValidationException', `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`);

const emptySetup = (): FakeConfigSetup => ({ recorders: [], recorderStatuses: [], rules: [], ruleStatuses: [], remediationConfigurations: [] });

/** The steps a remediation of the project's runbook reports, failing at `failure.stepName` when given. */
function stepDetails(state: RemediationState, failure: FakeRemediationFailure | undefined) {
  if (state !== 'FAILED' || !failure) return [];
  return [{ Name: failure.stepName, State: 'FAILED', ErrorMessage: failure.message }];
}

export class FakeConfigSetupService {
  private readonly setups = new Map<string, FakeConfigSetup>();
  /** Executions by region, then rule and resource ID. */
  private readonly executions = new Map<string, Map<string, RemediationExecution>>();
  private readonly remediationFailures = new Map<string, FakeRemediationFailure>();
  private readonly rejectedStarts = new Set<string>();

  readonly operations: Readonly<Record<string, ConfigSetupOperation>> = {
    DescribeConfigurationRecorders: {
      schema: DescribeConfigurationRecorders$,
      run: (_input, region) => ({ ConfigurationRecorders: this.setup(region).recorders }),
    },
    DescribeConfigurationRecorderStatus: {
      schema: DescribeConfigurationRecorderStatus$,
      run: (_input, region) => ({ ConfigurationRecordersStatus: this.setup(region).recorderStatuses }),
    },
    DescribeConfigRules: {
      schema: DescribeConfigRules$,
      run: (input, region) => ({ ConfigRules: this.namedRules(input, region, this.setup(region).rules) }),
    },
    DescribeConfigRuleEvaluationStatus: {
      schema: DescribeConfigRuleEvaluationStatus$,
      run: (input, region) => ({ ConfigRulesEvaluationStatus: this.namedRules(input, region, this.setup(region).ruleStatuses) }),
    },
    DescribeRemediationConfigurations: {
      schema: DescribeRemediationConfigurations$,
      run: (input, region) => {
        const names = (input.ConfigRuleNames as string[] | undefined) ?? [];
        return { RemediationConfigurations: this.setup(region).remediationConfigurations.filter((c) => names.includes(c.ConfigRuleName ?? '')) };
      },
    },
    StartRemediationExecution: { schema: StartRemediationExecution$, run: (input, region) => this.startRemediation(input, region) },
    DescribeRemediationExecutionStatus: {
      schema: DescribeRemediationExecutionStatus$,
      run: (input, region) => this.describeRemediation(input, region),
    },
  };

  /** The live set-up of a region (created empty on first use). */
  setup(region: string): FakeConfigSetup {
    let setup = this.setups.get(region);
    if (!setup) {
      setup = emptySetup();
      this.setups.set(region, setup);
    }
    return setup;
  }

  /** Whether a region's set-up has this rule (so the evaluation operations know it too). */
  hasRule(region: string, name: string): boolean {
    return this.setups.get(region)?.rules.some((r) => r.ConfigRuleName === name) ?? false;
  }

  /** Remediations of these resources started from now on end FAILED at this step with this message. */
  failRemediation(resourceIds: readonly string[], failure: FakeRemediationFailure): void {
    for (const id of resourceIds) this.remediationFailures.set(id, failure);
  }

  /** StartRemediationExecution returns these resources in FailedItems instead of starting them. */
  rejectRemediationStart(resourceIds: readonly string[]): void {
    for (const id of resourceIds) this.rejectedStarts.add(id);
  }

  /** Resource IDs whose remediation was started, per rule, in start order. */
  startedRemediations(region: string): string[] {
    return [...(this.executions.get(region)?.values() ?? [])].map((e) => e.resourceKey.resourceId ?? '');
  }

  /** Entries of `items` for the rules named in ConfigRuleNames (all when none): Config's NoSuchConfigRule if one is unknown. */
  private namedRules<T extends { ConfigRuleName?: string | undefined }>(input: Record<string, unknown>, region: string, items: T[]): T[] {
    const names = (input.ConfigRuleNames as string[] | undefined) ?? [];
    if (names.length > MAX_CONFIG_RULE_NAMES) {
      throw validation('configRuleNames', `Member must have length less than or equal to ${MAX_CONFIG_RULE_NAMES}`);
    }
    for (const name of names) {
      if (!this.hasRule(region, name)) {
        throw new FakeAwsError('NoSuchConfigRuleException', `The ConfigRule '${name}' provided in the request is invalid. Please check the configRule name.`);
      }
    }
    return names.length === 0 ? items : items.filter((i) => names.includes(i.ConfigRuleName ?? ''));
  }

  private remediationRule(input: Record<string, unknown>, region: string): string {
    const name = input.ConfigRuleName;
    if (typeof name !== 'string' || !this.hasRule(region, name)) {
      throw new FakeAwsError('NoSuchConfigRuleException', `The ConfigRule '${String(name)}' provided in the request is invalid.`);
    }
    if (!this.setup(region).remediationConfigurations.some((c) => c.ConfigRuleName === name)) {
      throw new FakeAwsError('NoSuchRemediationConfigurationException', `No RemediationConfiguration for rule ${name} exists.`);
    }
    return name;
  }

  private keysOf(input: Record<string, unknown>, required: boolean): ResourceKey[] | undefined {
    const keys = input.ResourceKeys as ResourceKey[] | undefined;
    if (keys === undefined && !required) return undefined;
    if (!keys || keys.length < 1 || keys.length > MAX_REMEDIATION_RESOURCE_KEYS) {
      throw validation('resourceKeys', `Member must have length between 1 and ${MAX_REMEDIATION_RESOURCE_KEYS}`);
    }
    return keys;
  }

  private executionsOf(region: string): Map<string, RemediationExecution> {
    let executions = this.executions.get(region);
    if (!executions) {
      executions = new Map();
      this.executions.set(region, executions);
    }
    return executions;
  }

  private startRemediation(input: Record<string, unknown>, region: string): object {
    const rule = this.remediationRule(input, region);
    const keys = this.keysOf(input, true) ?? [];
    const failed: ResourceKey[] = [];
    const executions = this.executionsOf(region);
    for (const key of keys) {
      const id = key.resourceId ?? '';
      if (this.rejectedStarts.has(id)) {
        failed.push(key);
        continue;
      }
      const failure = this.remediationFailures.get(id);
      executions.set(`${rule}\u0000${id}`, {
        resourceKey: key,
        progression: new Progression<RemediationState>(['QUEUED', 'IN_PROGRESS', failure ? 'FAILED' : 'SUCCEEDED']),
        ...(failure ? { failure } : {}),
        invocationTime: new Date(),
      });
    }
    return failed.length > 0
      ? { FailedItems: failed, FailureMessage: `Remediation could not be started for ${failed.length} resource(s): the remediation is already running.` }
      : { FailedItems: [] };
  }

  private describeRemediation(input: Record<string, unknown>, region: string): object {
    const rule = this.remediationRule(input, region);
    const limitInput = typeof input.Limit === 'number' ? input.Limit : 0;
    if (limitInput < 0 || limitInput > MAX_REMEDIATION_STATUS_LIMIT) {
      throw validation('limit', `Member must have value less than or equal to ${MAX_REMEDIATION_STATUS_LIMIT}`);
    }
    const limit = limitInput === 0 ? MAX_REMEDIATION_STATUS_LIMIT : limitInput;
    const keys = this.keysOf(input, false);
    const executions = this.executionsOf(region);
    const matching = (keys ?? [...executions.values()].map((e) => e.resourceKey))
      .map((k) => executions.get(`${rule}\u0000${k.resourceId ?? ''}`))
      .filter((e): e is RemediationExecution => e !== undefined);
    const offset = typeof input.NextToken === 'string' && input.NextToken !== '' ? Number(input.NextToken) : 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > matching.length) {
      throw new FakeAwsError('InvalidNextTokenException', 'The specified next token is invalid.');
    }
    const page = matching.slice(offset, offset + limit);
    return {
      RemediationExecutionStatuses: page.map((e) => {
        const state = e.progression.read();
        return {
          ResourceKey: e.resourceKey,
          State: state,
          StepDetails: stepDetails(state, e.failure),
          InvocationTime: e.invocationTime,
          LastUpdatedTime: new Date(),
        };
      }),
      ...(offset + limit < matching.length ? { NextToken: String(offset + limit) } : {}),
    };
  }
}
