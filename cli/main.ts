/**
 * `vpc-mirroring-guard`: the command line (commander), its exit codes and how errors are told. It only wires: flags
 * are validated in options.ts, audits run in audit-command.ts, remediations in remediate-command.ts.
 *
 * Startup: this module loads no AWS SDK. Each command's implementation (and with it the SDK clients it needs) is
 * imported inside its action, so `--version`, `--help` and a usage error cost only commander and zod.
 */
import { randomUUID } from 'node:crypto';
import { Command, CommanderError, Option } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { DEFAULT_RULE_PARAMETERS, REMEDIATION_DOCUMENT_NAME, RULE_MODES, RULE_NAME } from '../rule/rule-definition';
import { ApiCallCounter } from '../rule/api-call-counter';
import { SOURCE_SELECTIONS } from '../remediation/request';
import { EXIT_ERROR, EXIT_NON_COMPLIANT, EXIT_OK, RegionError, UsageError } from './errors';
import type { CliIo } from './io';
import { AUDIT_FORMATS, flagName, parseAuditOptions, parseRemediateOptions, REMEDIATE_FORMATS } from './options';
import {
  BULK_REMEDIATE_OUTPUTS,
  DEFAULT_TIMEOUT_SECONDS,
  DOCTOR_OUTPUTS,
  parseBulkRemediateOptions,
  parseDoctorOptions,
  parseRunbookRemediateOptions,
} from './operate-options';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const EXIT_STATUS_HELP = `
Exit status:
  0  every audited VPC is COMPLIANT or NOT_APPLICABLE (remediate: done, or dry run)
  1  some VPC is NON_COMPLIANT (remediate: the VPC could not be remediated; nothing was left behind;
     --runbook: the run failed; --non-compliant: some run failed, was not started or timed out)
  2  usage error, or an AWS call failed (the message names the region and the call)

Credentials, region and endpoints come from the AWS SDK's default chain: AWS_PROFILE or --profile (SSO profiles
included), AWS_REGION, AWS_ENDPOINT_URL_EC2 / _ELASTIC_LOAD_BALANCING_V2 / _CONFIG_SERVICE / _SSM / _STS.`;

const DOCTOR_STATUS_HELP = `
Exit status:
  0  no check failed (warnings allowed)
  1  a check failed: its row says what is wrong and the fix
  2  usage error, or an AWS call failed (the message names the region and the call)`;

const profileOption = () => new Option('--profile <profile>', 'named profile of the AWS config files (default: AWS_PROFILE)');
const debugOption = () => new Option('--debug', 'on errors, print the stack trace; print the API calls made');
/** --output as the AWS CLI names it; --format, the name this CLI used first, stays as its alias. */
const outputOption = (formats: readonly string[], defaultFormat: string) =>
  new Option('--output <format>', `output format: ${formats.join(', ')} (default: ${defaultFormat})`);
const formatAliasOption = () => new Option('--format <format>', 'alias of --output');

/** Whether an error means "the VPC could not be remediated"; known once the remediate command has been loaded. */
let isRemediationRefusal: (error: unknown) => boolean = () => false;

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
    .addOption(outputOption(AUDIT_FORMATS, 'table'))
    .addOption(formatAliasOption())
    .addOption(debugOption())
    .addHelpText('after', EXIT_STATUS_HELP)
    .action((flags: Record<string, unknown>) =>
      run(async () => {
        const options = parseAuditOptions(applyProfile(flags));
        const { runAudit } = await import('./audit-command');
        return runAudit(options, io, counter);
      }),
    );

  program
    .command('doctor')
    .description('Check a deployment in each region: Config recorder, rule, its last invocation, remediation and runbook')
    .addOption(new Option('--region <region>', 'region to check; repeat for several (default: AWS_REGION or the profile\'s region)').argParser(collect))
    .option('--all-regions', 'check every region enabled for the account (EC2 DescribeRegions)')
    .addOption(profileOption())
    .option('--rule-name <name>', `the Config rule (default: ${RULE_NAME})`)
    .option('--output <format>', `output format: ${DOCTOR_OUTPUTS.join(', ')} (default: table)`)
    .addOption(debugOption())
    .addHelpText('after', DOCTOR_STATUS_HELP)
    .action((flags: Record<string, unknown>) =>
      run(async () => {
        const options = parseDoctorOptions(applyProfile(flags));
        // Loaded here: only doctor needs the Config and SSM clients.
        const { runDoctor } = await import('./doctor-command');
        return runDoctor(options, io, counter);
      }),
    );

  program
    .command('remediate')
    .description(
      'Create a traffic mirror session for a VPC, as the EnableVpcTrafficMirroring runbook does; with --runbook, run the ' +
        "deployed runbook for it; with --non-compliant, start Config's remediation of every NON_COMPLIANT VPC",
    )
    .option('--vpc <vpc-id>', 'the VPC to mirror')
    .option('--region <region>', "the VPC's region (--non-compliant: default AWS_REGION or the profile's region)")
    .option('--non-compliant', "start Config's remediation (the deployed runbook) for every NON_COMPLIANT VPC of the rule")
    .option('--rule-name <name>', `--non-compliant: the Config rule (default: ${RULE_NAME})`)
    .option('--yes', '--non-compliant: do not ask for confirmation (needed when stdin is not a terminal)')
    .option('--wait', '--non-compliant: follow every run until it succeeded or failed')
    .option('--timeout <seconds>', `--wait and --runbook: stop following runs after this long (default: ${DEFAULT_TIMEOUT_SECONDS})`)
    .option('--runbook', 'start the deployed runbook (SSM Automation) for --vpc instead of remediating from here')
    .option('--document-name <name>', `--runbook: the SSM document (default: ${REMEDIATION_DOCUMENT_NAME})`)
    .option('--automation-assume-role <arn>', '--runbook: the role Automation assumes (default: your own permissions)')
    .option('--target-id <tmt-id>', 'existing traffic mirror target to send traffic to')
    .option('--target-eni <eni-id>', 'ENI to send traffic to (its target is reused or created)')
    .option('--target-nlb <arn>', 'Network Load Balancer to send traffic to (its target is reused or created)')
    .option('--target-gwlbe <vpce-id>', 'Gateway Load Balancer endpoint to send traffic to (its target is reused or created)')
    .option('--source-selection <selection>', `${SOURCE_SELECTIONS.join(' or ')}: mirror one ENI of the VPC, or every instance ENI (default: one)`)
    .option('--dry-run', 'print the plan; create nothing')
    .addOption(profileOption())
    .addOption(
      new Option(
        '--output <format>',
        `output format: ${REMEDIATE_FORMATS.join(', ')} (default: text); with --non-compliant: ${BULK_REMEDIATE_OUTPUTS.join(', ')} (default: table)`,
      ),
    )
    .addOption(formatAliasOption())
    .addOption(debugOption())
    .addHelpText('after', EXIT_STATUS_HELP)
    .action((flags: Record<string, unknown>) => run(() => remediate(applyProfile(flags), io, counter)));

  return program;
}

const BULK_ONLY_FLAGS = ['nonCompliant', 'ruleName', 'yes', 'wait'] as const;
const RUNBOOK_ONLY_FLAGS = ['runbook', 'documentName', 'automationAssumeRole', 'timeout'] as const;

/** A flag only some modes take, given to another: the message says which mode takes it. */
function refuseFlags(flags: Record<string, unknown>, keys: readonly string[], mode: string): void {
  const given = keys.filter((k) => flags[k] !== undefined);
  if (given.length > 0) throw new UsageError(`${given.map(flagName).join(', ')} cannot be used ${mode}`);
}

/** The three ways of `remediate`: every NON_COMPLIANT VPC through Config, one VPC through the runbook, one VPC from here. */
async function remediate(flags: Record<string, unknown>, io: CliIo, counter: ApiCallCounter): Promise<number> {
  if (flags.nonCompliant === true) {
    refuseFlags(flags, ['vpc', 'targetId', 'targetEni', 'targetNlb', 'targetGwlbe', 'sourceSelection', 'dryRun', 'runbook', 'documentName', 'automationAssumeRole'], 'with --non-compliant (the remediation configuration sets the runbook parameters)');
    const { format, ...rest } = flags;
    if (rest.output !== undefined && format !== undefined && rest.output !== format) {
      throw new UsageError('--output and --format (its alias) name different formats: give one of them');
    }
    const options = parseBulkRemediateOptions({ ...rest, ...(rest.output ?? format) !== undefined ? { output: rest.output ?? format } : {} });
    const { runBulkRemediate } = await import('./bulk-remediate-command');
    return runBulkRemediate(options, io, counter);
  }
  refuseFlags(flags, BULK_ONLY_FLAGS.filter((k) => k !== 'nonCompliant'), 'without --non-compliant');
  // Commander's own wording, as when these options were required for every remediate.
  if (flags.vpc === undefined) throw new UsageError("required option '--vpc <vpc-id>' not specified (or use --non-compliant)");
  if (flags.region === undefined) throw new UsageError("required option '--region <region>' not specified");
  if (flags.runbook === true) {
    const options = parseRunbookRemediateOptions(flags, randomUUID());
    const { runRunbookRemediate } = await import('./runbook-remediate-command');
    return runRunbookRemediate(options, io, counter);
  }
  refuseFlags(flags, RUNBOOK_ONLY_FLAGS, 'without --runbook');
  const options = parseRemediateOptions(flags, randomUUID());
  const local = await import('./remediate-command');
  isRemediationRefusal = local.isRemediationRefusal;
  return local.runRemediate(options, io, counter);
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
