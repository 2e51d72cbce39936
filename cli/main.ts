/**
 * `vpc-mirroring-guard`: the command line (commander), its exit codes and how errors are told. It only wires: flags
 * are validated in options.ts, audits run in audit-command.ts, remediations in remediate-command.ts.
 */
import { randomUUID } from 'node:crypto';
import { Command, CommanderError, Option } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { DEFAULT_RULE_PARAMETERS, RULE_MODES } from '../rule/rule-definition';
import { ApiCallCounter } from '../rule/aws-clients';
import { SOURCE_SELECTIONS } from '../remediation/request';
import { runAudit } from './audit-command';
import { EXIT_ERROR, EXIT_NON_COMPLIANT, EXIT_OK, RegionError, UsageError } from './errors';
import type { CliIo } from './io';
import { AUDIT_FORMATS, parseAuditOptions, parseRemediateOptions, REMEDIATE_FORMATS } from './options';
import { isRemediationRefusal, runRemediate } from './remediate-command';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const EXIT_STATUS_HELP = `
Exit status:
  0  every audited VPC is COMPLIANT or NOT_APPLICABLE (remediate: done, or dry run)
  1  some VPC is NON_COMPLIANT (remediate: the VPC could not be remediated; nothing was left behind)
  2  usage error, or an AWS call failed (the message names the region and the call)

Credentials, region and endpoints come from the AWS SDK's default chain: AWS_PROFILE or --profile (SSO profiles
included), AWS_REGION, AWS_ENDPOINT_URL_EC2 / _STS.`;

const profileOption = () => new Option('--profile <profile>', 'named profile of the AWS config files (default: AWS_PROFILE)');
const debugOption = () => new Option('--debug', 'on errors, print the stack trace; print the API calls made');

/** The program; `run` carries out a command's work and keeps its exit code. */
function buildProgram(io: CliIo, counter: ApiCallCounter, run: (work: () => Promise<number>) => Promise<void>): Command {
  const program = new Command('vpc-mirroring-guard')
    .description('Checks that every VPC has VPC Traffic Mirroring in use, with the same verdicts as the AWS Config rule.')
    .version(packageJson.version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_STATUS_HELP);

  program
    .command('audit')
    .description("Evaluate every VPC of each region with the Config rule's logic and print one row per VPC")
    .addOption(new Option('--region <region>', 'region to audit; repeat for several (default: AWS_REGION or the profile\'s region)').argParser(collect))
    .option('--all-regions', 'audit every region enabled for the account (EC2 DescribeRegions), several at once')
    .addOption(profileOption())
    .option('--mode <mode>', `rule parameter mode: ${RULE_MODES.join(' or ')} (default: ${DEFAULT_RULE_PARAMETERS.mode})`)
    .option(
      '--require-accept-rule <boolean>',
      `rule parameter requireAcceptRule: true or false (default: ${DEFAULT_RULE_PARAMETERS.requireAcceptRule})`,
    )
    .option(
      '--verify-target <boolean>',
      `rule parameter verifyTarget: a session counts only if its target can receive the traffic (default: ${DEFAULT_RULE_PARAMETERS.verifyTarget})`,
    )
    .option('--exempt-tag <key[=value]>', 'rule parameters exemptTagKey[/exemptTagValue]: VPCs with this tag are NOT_APPLICABLE')
    .option('--ignore-default-vpc', 'rule parameter ignoreDefaultVpc=true: default VPCs are NOT_APPLICABLE')
    .option('--format <format>', `output format: ${AUDIT_FORMATS.join(', ')}`, 'table')
    .addOption(debugOption())
    .addHelpText('after', EXIT_STATUS_HELP)
    .action((flags: Record<string, unknown>) => run(() => runAudit(parseAuditOptions(applyProfile(flags)), io, counter)));

  program
    .command('remediate')
    .description('Create a traffic mirror session for a VPC, as the EnableVpcTrafficMirroring runbook does')
    .requiredOption('--vpc <vpc-id>', 'the VPC to mirror')
    .requiredOption('--region <region>', "the VPC's region")
    .option('--target-id <tmt-id>', 'existing traffic mirror target to send traffic to')
    .option('--target-eni <eni-id>', 'ENI to send traffic to (its target is reused or created)')
    .option('--target-nlb <arn>', 'Network Load Balancer to send traffic to (its target is reused or created)')
    .option('--target-gwlbe <vpce-id>', 'Gateway Load Balancer endpoint to send traffic to (its target is reused or created)')
    .option('--source-selection <selection>', `${SOURCE_SELECTIONS.join(' or ')}: mirror one ENI of the VPC, or every instance ENI (default: one)`)
    .option('--dry-run', 'print the plan; create nothing')
    .addOption(profileOption())
    .option('--format <format>', `output format: ${REMEDIATE_FORMATS.join(', ')}`, 'text')
    .addOption(debugOption())
    .addHelpText('after', EXIT_STATUS_HELP)
    .action((flags: Record<string, unknown>) =>
      run(() => runRemediate(parseRemediateOptions(applyProfile(flags), randomUUID()), io, counter)),
    );

  return program;
}

/**
 * --profile is AWS_PROFILE: set before any client exists, so the SDK's credential chain and region resolution both
 * read that profile (SSO, role, credential_process profiles included).
 */
function applyProfile(flags: Record<string, unknown>): Record<string, unknown> {
  if (typeof flags.profile === 'string' && flags.profile !== '') process.env.AWS_PROFILE = flags.profile;
  return flags;
}

function errorLines(error: unknown): string[] {
  if (error instanceof AggregateError) return error.errors.flatMap(errorLines);
  return [error instanceof Error ? error.message : String(error)];
}

function stacks(error: unknown): string[] {
  if (error instanceof AggregateError) return error.errors.flatMap(stacks);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return [cause instanceof Error ? (cause.stack ?? String(cause)) : String(cause)];
}

/** Runs the CLI with these arguments (without "node" and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const counter = new ApiCallCounter();
  let exitCode = EXIT_OK;
  const program = buildProgram(io, counter, async (work) => {
    exitCode = await work();
  });
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has printed its own message (or the help, or the version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    for (const line of errorLines(error)) io.stderr.write(`error: ${line}\n`);
    if (debug && !(error instanceof UsageError)) for (const stack of stacks(error)) io.stderr.write(`${stack}\n`);
    return error instanceof UsageError ? EXIT_ERROR : isRemediationRefusal(unwrap(error)) ? EXIT_NON_COMPLIANT : EXIT_ERROR;
  } finally {
    if (debug) io.stderr.write(`API calls: ${JSON.stringify(counter.byOperation())}\n`);
  }
}

/** The error inside a region's label. */
const unwrap = (error: unknown): unknown => (error instanceof RegionError ? error.cause : error);
