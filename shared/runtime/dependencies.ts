import { KMSClient } from '@aws-sdk/client-kms';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { StepFunctionsSettlement, type SettlementStarter } from '../adapters/settlement-starter.js';
import { SnsNotifier } from '../adapters/sns-notifier.js';
import { StepFunctionsWorkflow } from '../adapters/step-functions-workflow.js';
import { KmsSecretSealer } from '../adapters/kms-secret-sealer.js';
import { CachingSealer, type SecretSealer } from '../adapters/secret-sealer.js';
import type { Notifier } from '../adapters/notifier.js';
import type { Workflow } from '../adapters/workflow.js';
import { parseDistrictConfig, type DistrictConfig } from '../config/district-config.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { createDocumentClient } from '../store/document-client.js';
import type { DistrictTable } from '../store/table.js';

/** What every handler needs, built once per Lambda container, or handed in by the local run and tests. */
export interface Dependencies {
  config: DistrictConfig;
  clock: Clock;
  table: DistrictTable;
  notifier: Notifier;
  workflow: Workflow;
  /** Starts a monthly settlement (only the functions that may start one have it). */
  settlement?: SettlementStarter;
  /** Seals and opens partner secrets (only the partners API and the delivery receiver have it). */
  sealer?: SecretSealer;
}

let current: Dependencies | undefined;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** The district config, replaced by its JSON text at bundle time (infra/sanzhang-function.ts). */
function bundledConfig(): DistrictConfig {
  const json = process.env.SANZHANG_DISTRICT_CONFIG;
  if (!json) throw new Error('no district config was bundled (SANZHANG_DISTRICT_CONFIG)');
  return parseDistrictConfig(JSON.parse(json), 'the bundled district config');
}

/**
 * In Lambda: the bundled config; the table, the topic and the state machines from the environment.
 * The table is made on first use: the lifecycle starter has none, and every other function fails
 * at once without its TABLE_NAME.
 */
function fromEnvironment(): Dependencies {
  const config = bundledConfig();
  let table: DistrictTable | undefined;
  return {
    config,
    clock: systemClock,
    get table() {
      table ??= {
        db: createDocumentClient(),
        name: required('TABLE_NAME'),
        timeZone: config.district.timeZone,
      };
      return table;
    },
    notifier: new SnsNotifier(new SNSClient({}), process.env.SUPERVISORS_TOPIC_ARN ?? ''),
    workflow: new StepFunctionsWorkflow(new SFNClient({}), process.env.STATE_MACHINE_ARN ?? ''),
    ...(process.env.SETTLEMENT_STATE_MACHINE_ARN
      ? {
          settlement: new StepFunctionsSettlement(
            new SFNClient({}),
            process.env.SETTLEMENT_STATE_MACHINE_ARN,
          ),
        }
      : {}),
    ...(process.env.PARTNER_SECRETS_KEY_ARN
      ? {
          sealer: new CachingSealer(
            new KmsSecretSealer(new KMSClient({}), process.env.PARTNER_SECRETS_KEY_ARN),
          ),
        }
      : {}),
  };
}

export function dependencies(): Dependencies {
  current ??= fromEnvironment();
  return current;
}

/** The local run and the tests hand the same handlers their own parts. */
export function useDependencies(deps: Dependencies | undefined): void {
  current = deps;
}
