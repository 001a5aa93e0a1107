import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadDistrictConfigs,
  synthesizeDistrictAssembly,
  type SynthesizedDistrict,
} from '../../infra/synthesize.js';
import { type DistrictConfig, parseDistrictConfig } from '../../shared/config/district-config.js';
import { temporaryDirectoriesForThisFile, validationViolations } from '../support/synthesized.js';

/**
 * The two ways a district signs in (`auth.signIn`): its own phone-code sign-in (a KMS signing key,
 * the sign-in function and its public routes, the API as the JWT issuer) or a Cognito user pool,
 * kept exactly as deployed. Both synthesize clean under cdk-nag.
 */
type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
  DeletionPolicy?: string;
}
interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Principal?: unknown;
}

const lvyuan = loadDistrictConfigs().find(
  (candidate) => candidate.district.id === 'lvyuan',
) as DistrictConfig;
const nanguan = loadDistrictConfigs().find(
  (candidate) => candidate.district.id === 'nanguan',
) as DistrictConfig;
const withSignIn = (signIn: 'phone-code' | 'cognito'): DistrictConfig => ({
  ...lvyuan,
  auth: { ...lvyuan.auth, signIn },
});

const temporaryDirectory = temporaryDirectoriesForThisFile();
const synthesize = (config: DistrictConfig) =>
  synthesizeDistrictAssembly(config, { outdir: temporaryDirectory('sanzhang-sign-in-') });

const resourcesOf = (synthesized: SynthesizedDistrict) =>
  synthesized.template.Resources as Record<string, Resource>;
const ofType = (synthesized: SynthesizedDistrict, type: string) =>
  Object.entries(resourcesOf(synthesized)).filter(([, resource]) => resource.Type === type);
const violations = (synthesized: SynthesizedDistrict) => validationViolations(synthesized.assemblyDirectory);
const routeKeys = (synthesized: SynthesizedDistrict) =>
  ofType(synthesized, 'AWS::ApiGatewayV2::Route').map(([, route]) => String(route.Properties.RouteKey));

/** The district's token signing key (the stack has another key: the partner secrets'). */
const signingKeys = (synthesized: SynthesizedDistrict) =>
  ofType(synthesized, 'AWS::KMS::Key').filter(([, key]) => key.Properties.KeyUsage === 'SIGN_VERIFY');

describe('auth.signIn', () => {
  it('defaults to phone-code, and refuses cognito in the China regions, naming the field', () => {
    const { auth: _auth, ...withoutAuth } = lvyuan;
    expect(parseDistrictConfig(withoutAuth, 'test').auth).toEqual({
      signIn: 'phone-code',
      accessTokenMinutes: 30,
      refreshTokenDays: 30,
    });
    // No e-mail either: the China regions have no SES.
    const { email: _email, ...cognito } = withSignIn('cognito');
    const china = { ...cognito, deploy: { region: 'cn-north-1' }, sms: nanguan.sms };
    expect(() => parseDistrictConfig(china, 'test')).toThrow(
      /auth\.signIn: cognito is not available in the China regions/,
    );
    expect(parseDistrictConfig({ ...china, auth: { signIn: 'phone-code' } }, 'test').auth.signIn).toBe(
      'phone-code',
    );
  });
});

describe('phone-code sign-in', () => {
  let synthesized: SynthesizedDistrict;
  let template: Template;
  beforeAll(() => {
    synthesized = synthesize(withSignIn('phone-code'));
    template = Template.fromJSON(synthesized.template);
  });

  const signInRole = () => {
    const [[, fn]] = ofType(synthesized, 'AWS::Lambda::Function').filter(([id]) =>
      id.startsWith('SignInFunction'),
    ) as [[string, Resource]];
    return { fn, roleId: (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0] };
  };

  it('keeps its signing key in KMS: RSA 2048 for signatures, retained, aliased per district', () => {
    expect(signingKeys(synthesized)).toHaveLength(1);
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }),
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/sanzhang-lvyuan-sign-in' });
  });

  it('lets only the sign-in function sign with it, through the key policy alone', () => {
    const [[keyId, key]] = signingKeys(synthesized) as [[string, Resource]];
    const statements = (key.Properties.KeyPolicy as { Statement: Statement[] }).Statement;
    const signers = statements.filter((statement) =>
      [statement.Action].flat().some((action) => action === 'kms:Sign' || action === 'kms:*'),
    );
    expect(signers).toEqual([
      expect.objectContaining({
        Sid: 'SignTokens',
        Action: ['kms:Sign', 'kms:GetPublicKey'],
        Principal: { AWS: { 'Fn::GetAtt': [signInRole().roleId, 'Arn'] } },
      }),
    ]);
    // No IAM policy in the stack names the signing key: nobody else can be given it.
    const iamPolicies = ofType(synthesized, 'AWS::IAM::Policy').map(([, policy]) => JSON.stringify(policy));
    expect(iamPolicies.filter((policy) => policy.includes(keyId))).toEqual([]);
  });

  it('tells the sign-in function its key, its issuer (the API) and its audience', () => {
    const { fn } = signInRole();
    const environment = (fn.Properties.Environment as { Variables: Json }).Variables;
    expect(environment).toMatchObject({
      SIGNING_KEY_ID: { 'Fn::GetAtt': [expect.stringMatching(/^SignInSigningKey/), 'Arn'] },
      TOKEN_ISSUER: { 'Fn::GetAtt': [expect.stringMatching(/^HttpApi/), 'ApiEndpoint'] },
      TOKEN_AUDIENCE: 'sanzhang-lvyuan',
    });
  });

  it('serves the sign-in routes without an authorizer, each acknowledged for cdk-nag with its own reason', () => {
    for (const routeKey of [
      'POST /auth/codes',
      'POST /auth/tokens',
      'POST /auth/sign-out',
      'GET /.well-known/openid-configuration',
      'GET /.well-known/jwks.json',
    ]) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'NONE',
      });
    }
    const signInAcknowledgements = synthesized.acknowledgements.filter(
      (ack) => ack.path.includes('--auth--') || ack.path.includes('well-known'),
    );
    expect(signInAcknowledgements).toHaveLength(5);
    for (const ack of signInAcknowledgements) expect(ack.reason).toMatch(/^Sign-in route/);
    expect(violations(synthesized)).toEqual([]);
  });

  it('has no Cognito user pool', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
  });
});

describe('a China district', () => {
  it('signs in with its own key: no Cognito, partition-correct ARNs, cdk-nag clean', () => {
    const china = synthesize({ ...lvyuan, deploy: { account: '123456789012', region: 'cn-north-1' } });
    expect(ofType(china, 'AWS::Cognito::UserPool')).toEqual([]);
    const signIn = Object.entries(resourcesOf(china)).filter(([id]) => id.startsWith('SignIn'));
    expect(signIn.map(([, resource]) => resource.Type)).toEqual(expect.arrayContaining(['AWS::KMS::Key']));
    expect(JSON.stringify(signIn)).not.toContain('arn:aws:');
    expect(JSON.stringify(signIn)).toContain('AWS::Partition');
    expect(violations(china)).toEqual([]);
  });
});

describe('Cognito sign-in', () => {
  let synthesized: SynthesizedDistrict;
  let template: Template;
  beforeAll(() => {
    synthesized = synthesize(withSignIn('cognito'));
    template = Template.fromJSON(synthesized.template);
  });

  it('puts every route but the partners’ behind the user pool, and serves no sign-in routes, key or function', () => {
    const [[userPool]] = ofType(synthesized, 'AWS::Cognito::UserPool') as [[string, Resource]];
    const [[client]] = ofType(synthesized, 'AWS::Cognito::UserPoolClient') as [[string, Resource]];
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: { 'Fn::GetAtt': [userPool, 'ProviderURL'] }, Audience: [{ Ref: client }] },
    });
    expect(
      routeKeys(synthesized).filter((key) => key.includes('/auth/') || key.includes('well-known')),
    ).toEqual([]);
    expect(signingKeys(synthesized)).toEqual([]);
    expect(ofType(synthesized, 'AWS::Lambda::Function').filter(([id]) => id.startsWith('SignIn'))).toEqual(
      [],
    );
    expect(Object.keys(synthesized.template.Outputs as Json)).toEqual(
      expect.arrayContaining(['UserPoolId', 'UserPoolClientId']),
    );
    expect(violations(synthesized)).toEqual([]);
  });

  it('has a user pool with the district attributes, a strong password policy and threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      Schema: Match.arrayWith(
        ['person_id', 'household_id'].map((name) =>
          Match.objectLike({ Name: name, AttributeDataType: 'String' }),
        ),
      ),
    });
    // Users cannot write their own person or household into their token.
    const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0] as Resource;
    expect(client.Properties.WriteAttributes).toEqual(['name']);
    expect(client.Properties.ReadAttributes).toEqual(
      expect.arrayContaining(['custom:person_id', 'custom:household_id']),
    );
  });
});
