/**
 * What `doctor` reads about one region, turned into the plain facts doctor.ts decides on: the configuration
 * recorders, the rule and its evaluation status, its remediation configuration and that configuration's SSM
 * document, and the rule's results by compliance. A rule or document that does not exist is a fact, not an error.
 */
import type { ConfigServiceClient, ConfigurationRecorder, ConfigurationRecorderStatus } from '@aws-sdk/client-config-service';
import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeRemediationConfigurationsCommand,
  paginateDescribeConfigRuleEvaluationStatus,
  paginateDescribeConfigRules,
} from '@aws-sdk/client-config-service';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { DescribeDocumentCommand } from '@aws-sdk/client-ssm';
import { listRuleResults } from '../rule/rule-results';
import type { ComplianceCounts, DoctorFacts, RecorderFacts, RemediationFacts, RuleFacts, RuleStatusFacts } from './doctor';
import { COMPLIANCE_COUNT_TYPES } from './doctor';

const errorName = (error: unknown) => (error instanceof Error ? error.name : undefined);

/** A recorder and its status (matched by name) as plain facts. */
export function recorderFacts(recorder: ConfigurationRecorder, status: ConfigurationRecorderStatus | undefined): RecorderFacts {
  const group = recorder.recordingGroup ?? {};
  return {
    name: recorder.name ?? 'default',
    ...(recorder.roleARN !== undefined ? { roleArn: recorder.roleARN } : {}),
    ...(recorder.servicePrincipal !== undefined ? { servicePrincipal: recorder.servicePrincipal } : {}),
    recording: status?.recording === true,
    ...(status?.lastStatus !== undefined ? { lastStatus: status.lastStatus } : {}),
    allSupported: group.allSupported === true,
    ...(group.includeGlobalResourceTypes !== undefined ? { includeGlobalResourceTypes: group.includeGlobalResourceTypes } : {}),
    resourceTypes: group.resourceTypes ?? [],
    ...(group.recordingStrategy?.useOnly !== undefined ? { strategy: group.recordingStrategy.useOnly } : {}),
    excludedResourceTypes: group.exclusionByResourceTypes?.resourceTypes ?? [],
  };
}

export async function readRecorders(config: ConfigServiceClient): Promise<RecorderFacts[]> {
  const [{ ConfigurationRecorders = [] }, { ConfigurationRecordersStatus = [] }] = await Promise.all([
    config.send(new DescribeConfigurationRecordersCommand({})),
    config.send(new DescribeConfigurationRecorderStatusCommand({})),
  ]);
  return ConfigurationRecorders.map((r) => recorderFacts(r, ConfigurationRecordersStatus.find((s) => s.name === r.name)));
}

/** The rule, or undefined when Config has no rule of that name (NoSuchConfigRuleException). */
export async function readRule(config: ConfigServiceClient, ruleName: string): Promise<RuleFacts | undefined> {
  try {
    for await (const page of paginateDescribeConfigRules({ client: config }, { ConfigRuleNames: [ruleName] })) {
      const rule = page.ConfigRules?.find((r) => r.ConfigRuleName === ruleName);
      if (rule) {
        return {
          ...(rule.ConfigRuleState !== undefined ? { state: rule.ConfigRuleState } : {}),
          ...(rule.Source?.Owner !== undefined ? { owner: rule.Source.Owner } : {}),
          ...(rule.Source?.SourceIdentifier !== undefined ? { sourceIdentifier: rule.Source.SourceIdentifier } : {}),
          ...(rule.MaximumExecutionFrequency !== undefined ? { maximumExecutionFrequency: rule.MaximumExecutionFrequency } : {}),
        };
      }
    }
    return undefined;
  } catch (error) {
    if (errorName(error) === 'NoSuchConfigRuleException') return undefined;
    throw error;
  }
}

export async function readRuleStatus(config: ConfigServiceClient, ruleName: string): Promise<RuleStatusFacts> {
  for await (const page of paginateDescribeConfigRuleEvaluationStatus({ client: config }, { ConfigRuleNames: [ruleName] })) {
    const status = page.ConfigRulesEvaluationStatus?.find((s) => s.ConfigRuleName === ruleName);
    if (status) {
      return {
        ...(status.LastSuccessfulInvocationTime !== undefined ? { lastSuccessfulInvocationTime: status.LastSuccessfulInvocationTime } : {}),
        ...(status.LastFailedInvocationTime !== undefined ? { lastFailedInvocationTime: status.LastFailedInvocationTime } : {}),
        ...(status.LastErrorCode !== undefined ? { lastErrorCode: status.LastErrorCode } : {}),
        ...(status.LastErrorMessage !== undefined ? { lastErrorMessage: status.LastErrorMessage } : {}),
      };
    }
  }
  return {};
}

/** The rule's remediation configuration and the status of its SSM document; undefined when there is none. */
export async function readRemediation(config: ConfigServiceClient, ssm: SSMClient, ruleName: string): Promise<RemediationFacts | undefined> {
  const { RemediationConfigurations = [] } = await config.send(new DescribeRemediationConfigurationsCommand({ ConfigRuleNames: [ruleName] }));
  const documentName = RemediationConfigurations.find((c) => c.ConfigRuleName === ruleName)?.TargetId;
  if (documentName === undefined) return undefined;
  try {
    const { Document } = await ssm.send(new DescribeDocumentCommand({ Name: documentName }));
    return { documentName, ...(Document?.Status !== undefined ? { documentStatus: Document.Status } : {}) };
  } catch (error) {
    // "InvalidDocument: The specified SSM document doesn't exist." (SSM API Reference, DescribeDocument errors)
    if (errorName(error) === 'InvalidDocument') return { documentName };
    throw error;
  }
}

/** The rule's results counted by compliance type, each type listed as its own chain of pages, in parallel. */
export async function countRuleResults(config: ConfigServiceClient, ruleName: string): Promise<ComplianceCounts> {
  const counts = await Promise.all(COMPLIANCE_COUNT_TYPES.map(async (type) => [type, (await listRuleResults(config, ruleName, type)).length] as const));
  return Object.fromEntries(counts) as ComplianceCounts;
}

/** Everything doctor needs about one region; the rule-dependent reads only when the rule exists. */
export async function readDoctorFacts(config: ConfigServiceClient, ssm: SSMClient, region: string, ruleName: string): Promise<DoctorFacts> {
  const [recorders, rule] = await Promise.all([readRecorders(config), readRule(config, ruleName)]);
  if (rule === undefined) return { region, ruleName, recorders };
  const [ruleStatus, remediation, counts] = await Promise.all([
    readRuleStatus(config, ruleName),
    readRemediation(config, ssm, ruleName),
    countRuleResults(config, ruleName),
  ]);
  return { region, ruleName, recorders, rule, ruleStatus, ...(remediation !== undefined ? { remediation } : {}), counts };
}
