/** --output (the AWS CLI's name for it) and --format, its alias: the same choice, validated the same way. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli/errors';
import { parseAuditOptions, parseRemediateOptions } from '../cli/options';

const remediate = { vpc: 'vpc-0123456789abcdef0', region: 'us-east-1', targetEni: 'eni-0123456789abcdef0' };

describe('audit --output', () => {
  it.each([
    [{}, 'table'],
    [{ output: 'csv' }, 'csv'],
    [{ format: 'json' }, 'json'],
    [{ output: 'json', format: 'json' }, 'json'],
  ])('%j gives %s', (flags, format) => {
    expect(parseAuditOptions(flags).format).toBe(format);
  });

  it('names the flag the user typed and what it accepts', () => {
    expect(() => parseAuditOptions({ output: 'yaml' })).toThrow(new UsageError('--output "yaml": accepts table, json, csv'));
    expect(() => parseAuditOptions({ format: 'yaml' })).toThrow(new UsageError('--format "yaml": accepts table, json, csv'));
  });

  it('refuses --output and --format naming different formats', () => {
    expect(() => parseAuditOptions({ output: 'csv', format: 'json' })).toThrow(
      new UsageError('--output and --format (its alias) name different formats: give one of them'),
    );
  });
});

describe('remediate --output', () => {
  it('defaults to text and takes --output or --format', () => {
    expect(parseRemediateOptions(remediate, 'r').format).toBe('text');
    expect(parseRemediateOptions({ ...remediate, output: 'json' }, 'r').format).toBe('json');
    expect(parseRemediateOptions({ ...remediate, format: 'json' }, 'r').format).toBe('json');
  });

  it('accepts text and json only, and one choice', () => {
    expect(() => parseRemediateOptions({ ...remediate, output: 'csv' }, 'r')).toThrow(new UsageError('--output "csv": accepts text, json'));
    expect(() => parseRemediateOptions({ ...remediate, output: 'json', format: 'text' }, 'r')).toThrow(
      new UsageError('--output and --format (its alias) name different formats: give one of them'),
    );
  });
});
