import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { S3Client } from '@aws-sdk/client-s3';
import { StepFunctionsSettlement, type SettlementStarter } from '../adapters/settlement-starter.js';
import { KmsTokenSigner } from '../adapters/kms-token-signer.js';
import { SnsNotifier } from '../adapters/sns-notifier.js';
import { smsProviderSecret } from '../adapters/sms-provider-secret.js';
import { TencentSmsNotifier } from '../adapters/tencent-sms-notifier.js';
import type { TokenSigner } from '../adapters/token-signer.js';
import { StepFunctionsWorkflow } from '../adapters/step-functions-workflow.js';
import { KmsSecretSealer } from '../adapters/kms-secret-sealer.js';
import { CachingSealer, type SecretSealer } from '../adapters/secret-sealer.js';
import type { Notifier } from '../adapters/notifier.js';
import type { Mailer } from '../adapters/mailer.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import type { NotificationArchive } from '../adapters/notification-archive.js';
import type { NotificationTopic } from '../adapters/notification-topic.js';
import { S3NotificationArchive } from '../adapters/s3-notification-archive.js';
import { SnsNotificationTopic } from '../adapters/sns-notification-topic.js';
import type { PhotoStorage } from '../adapters/photo-storage.js';
import { S3PhotoStorage } from '../adapters/s3-photo-storage.js';
import type { Workflow } from '../adapters/workflow.js';
import { awsClientSettings } from '../aws-call-limits.js';
import type { DistrictConfig } from '../config/district-config.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { createDocumentClient } from '../store/document-client.js';
import type { DistrictTable } from '../store/table.js';
import { traced } from './observability.js';

/** What every handler needs, built once per Lambda container, or handed in by the local run and tests. */
export interface Dependencies {
  config: DistrictConfig;
  clock: Clock;
  table: DistrictTable;
  notifier: Notifier;
  workflow: Workflow;
  /** The SMS provider's delivery-status callback token (only where the provider calls back). */
  smsCallbackToken?: () => Promise<string>;
  /** Starts a monthly settlement (only the functions that may start one have it). */
  settlement?: SettlementStarter;
  /** Seals and opens partner secrets (only the partners API and the delivery receiver have it). */
  sealer?: SecretSealer;
  /** Issues tokens for phone-code sign-in (only the sign-in function has it). */
  signIn?: SignInSettings;
  /** The district's photo storage (only the functions that take or show photos have it). */
  photos?: PhotoStorage;
  /** The notifications topic (only the publisher has it: every notification is published once, from the table's stream). */
  notificationTopic?: NotificationTopic;
  /** The notifications archive (only its consumer has it). */
  archive?: NotificationArchive;
  /** Staff e-mail (only the e-mail channel's consumer has it, where the district sends e-mail). */
  mailer?: Mailer;
  /**
   * Where the district's pages are served (`https://<web.domain>`; the local run: its own server),
   * which leaders' SMS links point to; absent without `web.domain`, and then no SMS has a link.
   */
  siteUrl?: () => string;
}

/** The district's token issuer: its signing key, its name (`iss`) and the audience (`aud`) its tokens are for. */
export interface SignInSettings {
  signer: TokenSigner;
  issuer: string;
  audience: string;
}

let current: Dependencies | undefined;

/** An AWS SDK client as every function builds one: held to the call limits, and traced. */
const awsClient = <Client>(Construct: new (settings: ReturnType<typeof awsClientSettings>) => Client) =>
  traced(new Construct(awsClientSettings()));

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/**
 * The district config, replaced by its JSON text at bundle time (infra/sanzhang-function.ts). Only
 * a validated config is baked in (bundlingOptionsFor takes a DistrictConfig), and it survives JSON
 * unchanged: validating it again would put the config schema in every bundle and every cold start.
 */
function bundledConfig(): DistrictConfig {
  const json = process.env.SANZHANG_DISTRICT_CONFIG;
  if (!json) throw new Error('no district config was bundled (SANZHANG_DISTRICT_CONFIG)');
  return JSON.parse(json) as DistrictConfig;
}

/** A part this function was bundled without: using it is a deployment mistake, named as such. */
function notBundled(part: string): never {
  throw new Error(`this function was bundled without ${part} (its parts, infra/sanzhang-function.ts)`);
}

const noWorkflow: Workflow = {
  startLifecycle: () => notBundled('the workflow part'),
  completeTask: () => notBundled('the workflow part'),
};

const noNotifier: Notifier = {
  sendSms: () => notBundled('an SMS provider part'),
  notifySupervisors: () => notBundled('an SMS provider part'),
};

/**
 * The district's SMS provider (config `sms.provider`, chosen when the function was bundled), and
 * the delivery callback's token where the provider calls back. Tencent's credentials are read from
 * Secrets Manager on first use.
 */
function smsProvider(config: DistrictConfig): Pick<Dependencies, 'notifier' | 'smsCallbackToken'> {
  const secretName = process.env.SMS_PROVIDER_SECRET_NAME ?? '';
  if (process.env.SANZHANG_PART_SNS_SMS) {
    return {
      notifier: new SnsNotifier(awsClient(SNSClient), process.env.SUPERVISORS_TOPIC_ARN ?? ''),
    };
  }
  if (process.env.SANZHANG_PART_TENCENT_SMS && config.sms.tencent) {
    const secret = smsProviderSecret(awsClient(SecretsManagerClient), secretName);
    const tencent = new TencentSmsNotifier(
      {
        ...config.sms.tencent,
        signature: config.sms.signature,
        supervisors: config.supervisors.map((supervisor) => supervisor.phone),
      },
      secret,
    );
    return { notifier: tencent, smsCallbackToken: async () => (await secret()).callbackToken };
  }
  if (process.env.SANZHANG_PART_SMS_CALLBACK) {
    const secret = smsProviderSecret(awsClient(SecretsManagerClient), secretName);
    return { notifier: noNotifier, smsCallbackToken: async () => (await secret()).callbackToken };
  }
  return { notifier: noNotifier };
}

/**
 * In Lambda: the bundled config; the table, the topic and the state machines from the environment.
 * Each other part only where the function was bundled with it (shared/runtime/bundled-parts.ts):
 * esbuild folds the flags, and the clients of the parts left out drop out of the bundle. The table
 * is made on first use: the lifecycle starter has none, and every other function fails at once
 * without its TABLE_NAME.
 */
function fromEnvironment(): Dependencies {
  const config = bundledConfig();
  let table: DistrictTable | undefined;
  return {
    config,
    clock: systemClock,
    get table() {
      table ??= {
        db: traced(createDocumentClient()),
        name: required('TABLE_NAME'),
        timeZone: config.district.timeZone,
      };
      return table;
    },
    ...smsProvider(config),
    ...(config.web?.domain ? { siteUrl: () => `https://${config.web?.domain}` } : {}),
    workflow: process.env.SANZHANG_PART_WORKFLOW
      ? new StepFunctionsWorkflow(awsClient(SFNClient), process.env.STATE_MACHINE_ARN ?? '')
      : noWorkflow,
    ...(process.env.SANZHANG_PART_SIGN_IN
      ? {
          signIn: {
            signer: new KmsTokenSigner(awsClient(KMSClient), required('SIGNING_KEY_ID')),
            issuer: required('TOKEN_ISSUER'),
            audience: required('TOKEN_AUDIENCE'),
          },
        }
      : {}),
    ...(process.env.SANZHANG_PART_SETTLEMENT
      ? {
          settlement: new StepFunctionsSettlement(
            awsClient(SFNClient),
            required('SETTLEMENT_STATE_MACHINE_ARN'),
          ),
        }
      : {}),
    ...(process.env.SANZHANG_PART_SEALER
      ? {
          sealer: new CachingSealer(
            new KmsSecretSealer(awsClient(KMSClient), required('PARTNER_SECRETS_KEY_ARN')),
          ),
        }
      : {}),
    ...(process.env.SANZHANG_PART_PHOTOS
      ? {
          photos: new S3PhotoStorage(awsClient(S3Client), required('PHOTO_BUCKET_NAME')),
        }
      : {}),
    ...(process.env.SANZHANG_PART_NOTIFICATION_TOPIC
      ? {
          notificationTopic: new SnsNotificationTopic(
            awsClient(SNSClient),
            required('NOTIFICATIONS_TOPIC_ARN'),
          ),
        }
      : {}),
    ...(process.env.SANZHANG_PART_ARCHIVE
      ? {
          archive: new S3NotificationArchive(awsClient(S3Client), required('ARCHIVE_BUCKET_NAME')),
        }
      : {}),
    ...(process.env.SANZHANG_PART_MAILER
      ? { mailer: new SesMailer(awsClient(SESv2Client), required('EMAIL_FROM')) }
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
