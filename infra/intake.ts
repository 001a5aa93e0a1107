import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { PARTNER_SECRET_PURPOSE } from '../shared/adapters/secret-sealer.js';
import type { ApiConstructProps } from './http-api.js';
import { SanzhangFunction } from './sanzhang-function.js';
import { insertedWith, TableStreamToFunction } from './table-stream.js';

/** The alias of a district's partner-secrets key, which the sealing command names by default. */
export const partnerSecretsKeyAlias = (districtId: string) => `alias/sanzhang-${districtId}-partner-secrets`;

/**
 * One KMS action on the partner-secrets key, only with the partner-secret encryption context: the
 * function cannot use the key for anything else, and `PARTNER_SECRETS_KEY_ARN` gives it a sealer.
 */
function allowPartnerSecrets(fn: SanzhangFunction, key: kms.Key, action: 'kms:Encrypt' | 'kms:Decrypt') {
  fn.usePart('sealer', { PARTNER_SECRETS_KEY_ARN: key.keyArn });
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [action],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:purpose': PARTNER_SECRET_PURPOSE } },
    }),
  );
}

/**
 * Third-party intake: the partners the district takes requests from (their secrets and Open311
 * API keys), the webhook that stores a partner's delivery and answers 202, the Open311 API, and
 * the consumer of the table's stream that turns each stored delivery into a request. The stream
 * is what makes "never lost" hold: the stored delivery itself starts the processing.
 *
 * Partner secrets are stored sealed with the district's own KMS key: only the partners API may
 * seal (Encrypt) and only the webhook receiver may open (Decrypt); the key policy only lets the
 * account's IAM policies decide, and no other function's policy names the key.
 */
export class Intake extends Construct {
  readonly functions: Record<string, SanzhangFunction>;
  readonly deliveries: TableStreamToFunction;
  readonly partnerSecretsKey: kms.Key;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const { config, table, httpApi } = props;
    this.partnerSecretsKey = new kms.Key(this, 'PartnerSecretsKey', {
      description: `Seals the intake partners' webhook secrets of district ${config.district.id}`,
      alias: partnerSecretsKeyAlias(config.district.id),
      enableKeyRotation: true,
      // Deleting the key would make every stored secret unreadable: it outlives the stack, as the table does.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const managePartners = new SanzhangFunction(this, 'ManagePartners', {
      entry: 'functions/api/partners.ts',
      description: '/partners: intake partners, their secrets and Open311 API keys',
      config,
      parts: ['sealer'],
    }).bindTable(table, 'RW');
    allowPartnerSecrets(managePartners, this.partnerSecretsKey, 'kms:Encrypt');
    const receiveDelivery = new SanzhangFunction(this, 'ReceiveDelivery', {
      entry: 'functions/intake/receive-delivery.ts',
      description: "POST /intake/{partnerId}: check a partner's delivery, store it raw, answer 202",
      config,
      parts: ['sealer'],
    }).bindTable(table, 'RW');
    allowPartnerSecrets(receiveDelivery, this.partnerSecretsKey, 'kms:Decrypt');
    const open311 = new SanzhangFunction(this, 'Open311', {
      entry: 'functions/intake/open311.ts',
      description: '/open311/v2: GeoReport v2 discovery, services, requests and tokens (XML and JSON)',
      config,
    }).bindTable(table, 'RW');
    const processDeliveries = new SanzhangFunction(this, 'ProcessDeliveries', {
      entry: 'functions/intake/process-deliveries.ts',
      description: 'Table stream: turn each stored delivery into a request (in a household or in triage)',
      config,
    }).bindTable(table, 'RW');

    this.deliveries = new TableStreamToFunction(this, 'Deliveries', {
      table,
      target: processDeliveries,
      filter: insertedWith('NewImage', 'type', 'delivery'),
    });
    httpApi.route('partners', managePartners.fn);
    httpApi.route('receive-delivery', receiveDelivery.fn);
    httpApi.route('open311', open311.fn);
    this.functions = { managePartners, receiveDelivery, open311, processDeliveries };
  }
}
