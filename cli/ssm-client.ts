/**
 * The CLI's SSM client, apart from aws-clients.ts so that only the commands that talk to Systems Manager (doctor,
 * remediate --runbook) load its SDK package: the same configuration and failed-operation note as the other clients.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { clientConfig, withCounter } from '../rule/aws-clients';
import type { CliClientOptions } from './aws-clients';
import { noteFailedOperations } from './aws-clients';

export function cliSsmClient(options: CliClientOptions): SSMClient {
  return noteFailedOperations(withCounter(new SSMClient(clientConfig(options)), options));
}
