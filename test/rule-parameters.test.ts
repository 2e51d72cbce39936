import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULE_PARAMETERS,
  InvalidRuleParametersError,
  parseRuleParameters,
  toInputParameters,
} from '../rule/rule-definition';

describe('parseRuleParameters', () => {
  it.each([undefined, '', '{}', '  ', {}])('applies every default when parameters are absent (%j)', (raw) => {
    expect(parseRuleParameters(raw as string | undefined)).toEqual({
      mode: 'any',
      requireAcceptRule: true,
      ignoreDefaultVpc: false,
      verifyTarget: true,
    });
  });

  it('reads every parameter from Config strings, case- and space-insensitively for enums and booleans', () => {
    expect(
      parseRuleParameters(
        JSON.stringify({
          mode: ' ALL ',
          requireAcceptRule: 'False',
          exemptTagKey: 'mirroring-exempt',
          exemptTagValue: 'yes',
          ignoreDefaultVpc: 'TRUE',
          verifyTarget: ' False',
          executionRoleName: 'vpc-mirroring-guard-member',
        }),
      ),
    ).toEqual({
      mode: 'all',
      requireAcceptRule: false,
      exemptTagKey: 'mirroring-exempt',
      exemptTagValue: 'yes',
      ignoreDefaultVpc: true,
      verifyTarget: false,
      executionRoleName: 'vpc-mirroring-guard-member',
    });
  });

  it('treats an empty string as not set (the console sends "" for cleared values)', () => {
    expect(parseRuleParameters('{"mode":"","exemptTagKey":""}')).toEqual(DEFAULT_RULE_PARAMETERS);
  });

  it.each([
    ['{"mode":"some"}', `Rule parameter 'mode' accepts "any" or "all"`],
    ['{"requireAcceptRule":"maybe"}', `Rule parameter 'requireAcceptRule' accepts "true" or "false"`],
    ['{"ignoreDefaultVpc":"1"}', `Rule parameter 'ignoreDefaultVpc' accepts "true" or "false"`],
    ['{"verifyTarget":"maybe"}', `Rule parameter 'verifyTarget' accepts "true" or "false"`],
    ['{"exemptTagValue":"x"}', "Rule parameter 'exemptTagValue' needs 'exemptTagKey'"],
    ['{"Mode":"any"}', "Unknown rule parameter(s) 'Mode'; accepted: mode, requireAcceptRule"],
    ['{"mode":1}', "Rule parameter 'mode' must be a string"],
    ['{"exemptTagKey":"' + 'k'.repeat(129) + '"}', "Rule parameter 'exemptTagKey' accepts a tag key of 1 to 128"],
    ['{"executionRoleName":"bad role"}', "Rule parameter 'executionRoleName' accepts an IAM role name"],
    ['not json', 'ruleParameters is not valid JSON'],
    ['["mode"]', 'ruleParameters must be a JSON object of strings'],
  ])('rejects %s with an error naming the parameter and what it accepts', (raw, message) => {
    expect(() => parseRuleParameters(raw)).toThrowError(InvalidRuleParametersError);
    expect(() => parseRuleParameters(raw)).toThrowError(message);
  });

  it('reports every invalid parameter at once', () => {
    expect(() => parseRuleParameters('{"mode":"x","requireAcceptRule":"maybe"}')).toThrowError(
      /'mode' accepts .*; Rule parameter 'requireAcceptRule' accepts/,
    );
  });
});

describe('toInputParameters', () => {
  it('writes Config strings that parse back to the same parameters', () => {
    const params = {
      mode: 'all' as const,
      requireAcceptRule: false,
      ignoreDefaultVpc: true,
      verifyTarget: false,
      exemptTagKey: 'k',
      exemptTagValue: 'v',
    };
    const input = toInputParameters(params);
    expect(input).toEqual({
      mode: 'all',
      requireAcceptRule: 'false',
      ignoreDefaultVpc: 'true',
      verifyTarget: 'false',
      exemptTagKey: 'k',
      exemptTagValue: 'v',
    });
    expect(parseRuleParameters(JSON.stringify(input))).toEqual(params);
  });

  it('fails at synth time on a value the rule would reject', () => {
    expect(() => toInputParameters({ exemptTagValue: 'v' })).toThrowError("needs 'exemptTagKey'");
  });
});
