import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { ApiConstructProps } from './http-api.js';
import { SanzhangFunction } from './sanzhang-function.js';
import { smsSendingPart } from './sms-provider.js';

/** What administering the key takes (CDK's admin actions, as listed in aws-kms): never kms:Sign. */
const KEY_ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

/**
 * Phone-code sign-in (`auth.signIn = phone-code`): the district's token-signing key in KMS (RSA 2048,
 * sign and verify: the private key never leaves KMS), the function behind the sign-in routes and
 * the discovery document, and its grants. The key policy is the whole of who may use the key: the
 * account administers it (no kms:Sign), the sign-in function's role signs with it and reads its
 * public key, and no IAM policy can add anyone else, since the policy does not delegate to IAM.
 */
export class SignIn extends Construct {
  readonly key: kms.Key;
  readonly signIn: SanzhangFunction;
  readonly functions: Record<string, SanzhangFunction>;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const { config, table, httpApi } = props;
    this.signIn = new SanzhangFunction(this, 'SignIn', {
      entry: 'functions/api/sign-in.ts',
      description: '/auth: sign-in codes by SMS, tokens, sign-out; the OIDC discovery document and key set',
      config,
      parts: ['signIn', smsSendingPart(config)],
    })
      .bindTable(table, 'RW')
      .allowSmsToPhones();
    this.key = new kms.Key(this, 'SigningKey', {
      description: `Signs the access tokens of Sanzhang ${config.district.id} (RS256)`,
      keySpec: kms.KeySpec.RSA_2048,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      alias: `alias/sanzhang-${config.district.id}-sign-in`,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AdministerKey',
            principals: [new iam.AccountRootPrincipal()],
            actions: KEY_ADMIN_ACTIONS,
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'SignTokens',
            principals: [this.signIn.role],
            actions: ['kms:Sign', 'kms:GetPublicKey'],
            resources: ['*'],
          }),
        ],
      }),
    });
    this.signIn.usePart('signIn', {
      SIGNING_KEY_ID: this.key.keyArn,
      TOKEN_ISSUER: httpApi.issuer,
      TOKEN_AUDIENCE: httpApi.audience,
    });
    httpApi.route('sign-in', this.signIn.fn);
    this.functions = { signIn: this.signIn };
  }
}
