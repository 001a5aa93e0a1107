import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { DistrictConfig } from '../shared/config/district-config.js';
import { API_ROUTES, type ApiHandlerName } from '../shared/http/routes.js';
import { METRICS_NAMESPACE } from '../shared/config/metrics.js';
import type { DistrictTable } from './district-table.js';

/**
 * The custom attributes a district's users carry into their JWT: who they are (`custom:person_id`)
 * and, for residents, their household. Roles are not in the token: they are read from the district's
 * records on every call, so a changed post takes effect at once.
 */
export const USER_ATTRIBUTES = ['person_id', 'household_id'] as const;

/** `submit-request` → `ApiToSubmitRequest`: the wiring is named after what it connects. */
const integrationId = (handler: ApiHandlerName) =>
  `ApiTo${handler.replace(/(^|-)(\w)/g, (_match, _dash: string, letter: string) => letter.toUpperCase())}`;

/** What a construct that serves routes of the API is given: the config its functions are built with, the table, the API. */
export interface ApiConstructProps {
  readonly config: DistrictConfig;
  readonly table: DistrictTable;
  readonly httpApi: DistrictHttpApi;
}

export interface DistrictHttpApiProps {
  readonly districtId: string;
  /** Who issues the tokens the API trusts: the district itself (`phone-code`) or a Cognito user pool. */
  readonly signIn: DistrictConfig['auth']['signIn'];
  /** The stage's default limits, and the partner routes' own (config `operations.throttling`). */
  readonly throttling: DistrictConfig['operations']['throttling'];
}

type ApiThrottling = DistrictHttpApiProps['throttling'];

/**
 * The routes with limits of their own, by path prefix: partners' deliveries and Open311 clients are
 * machines that can flood, so they are refused (429) at their own limits before they take the
 * functions' concurrency and the table's capacity from residents and leaders.
 */
const OWN_LIMITS: Record<string, keyof Omit<ApiThrottling, 'api'>> = {
  '/intake/': 'intake',
  '/open311/': 'open311',
};

/** What the access log records of each call (API Gateway's `$context` variables). */
const ACCESS_LOG_FORMAT = {
  apiId: '$context.apiId',
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  sub: '$context.authorizer.claims.sub',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
};

/** The access log's count of the requests the stage throttled (infra/dashboard.ts, infra/alarms.ts). */
const THROTTLED_METRIC = 'ApiThrottled';
/** The same requests found in the access log by Logs Insights, counted by route (the dashboard's table). */
export const THROTTLED_BY_ROUTE_QUERY = [
  'filter status = "429" and integrationLatency = "-"',
  'stats count(*) as throttled by routeKey',
  'sort throttled desc',
];

/** The request headers the web pages send to the API. */
export const BROWSER_REQUEST_HEADERS = ['authorization', 'content-type', 'idempotency-key'] as const;
/** The response headers the web pages read: the server's clock and when to retry. */
export const BROWSER_READABLE_HEADERS = ['date', 'retry-after'] as const;

/** Why a public route (no JWT authorizer) is public, for cdk-nag's acknowledgement. */
const PUBLIC_BECAUSE: Partial<Record<ApiHandlerName, string>> = {
  'short-link':
    "A leader's SMS link, opened on a phone before any sign-in: it reads one item by an unguessable, expiring token and only redirects to the leader page, which signs in; the API is throttled per stage.",
  'sign-in':
    'Sign-in route: its callers have no token yet (that is what it gives them), and the JWT authorizer must read the discovery document and key set without one; codes are single-use, rate limited per phone and per source, locked after 5 wrong tries, and the answer is the same for every phone.',
};
const PARTNER_ROUTE =
  'Partner route: third-party form products cannot obtain a JWT; the handler verifies an HMAC signature, a per-partner URL token or an Open311 API key, in constant time.';

/**
 * The district's HTTP API: every route but the public ones requires a JWT, and the JWT's claims
 * tell the handlers who is asking (a resident of a household, or a person whose posts and roles
 * the handlers read from the table). The JWT is the district's own (`phone-code`: issued by the
 * sign-in routes with the district's KMS key, infra/sign-in.ts; the issuer is the API's URL, which
 * publishes the discovery document and key set) or a Cognito user pool's (`cognito`). The
 * constructs that own the handlers route them (`route`); a handler of shared/http/routes.ts that
 * none routed fails synthesis.
 */
export class DistrictHttpApi extends Construct {
  /** `cognito` only. */
  readonly userPool?: cognito.UserPool;
  /** `cognito` only. */
  readonly userPoolClient?: cognito.UserPoolClient;
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The `iss` the authorizer accepts: the API's own URL (`phone-code`) or the user pool's. */
  readonly issuer: string;
  /** The `aud` the authorizer accepts. */
  readonly audience: string;
  readonly signIn: DistrictHttpApiProps['signIn'];
  private readonly authorizer: HttpJwtAuthorizer;
  private readonly routed = new Set<ApiHandlerName>();
  private readonly throttling: ApiThrottling;
  /** The stage's `RouteSettings`: a JSON map CloudFormation reads as written (CDK does not rename its keys). */
  private readonly routeSettings: Record<
    string,
    { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
  > = {};

  constructor(scope: Construct, id: string, props: DistrictHttpApiProps) {
    super(scope, id);
    this.signIn = props.signIn;
    this.throttling = props.throttling;
    const apiProps = {
      apiName: `sanzhang-${props.districtId}`,
      description: `三长联动 ${props.districtId}: residents' requests and leaders' actions`,
      createDefaultStage: false,
    };
    if (props.signIn === 'cognito') {
      this.userPool = this.addUserPool(props.districtId);
      this.userPoolClient = this.addAppClient(this.userPool);
      this.issuer = this.userPool.userPoolProviderUrl;
      this.audience = this.userPoolClient.userPoolClientId;
      this.authorizer = new HttpJwtAuthorizer('CognitoJwt', this.issuer, { jwtAudience: [this.audience] });
      this.api = new apigw.HttpApi(this, 'Api', { ...apiProps, defaultAuthorizer: this.authorizer });
    } else {
      // Every route names its authorizer (route()), so the API needs no default one; the issuer is the API.
      this.api = new apigw.HttpApi(this, 'Api', apiProps);
      this.issuer = this.api.apiEndpoint;
      this.audience = `sanzhang-${props.districtId}`;
      this.authorizer = new HttpJwtAuthorizer('DistrictJwt', this.issuer, { jwtAudience: [this.audience] });
    }
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttling.api.ratePerSecond, burstLimit: props.throttling.api.burst },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });
    this.countThrottledRequests();
    this.node.addValidation({
      validate: () =>
        [...new Set(API_ROUTES.map((route) => route.handler))]
          .filter((handler) => !this.routed.has(handler))
          // With Cognito the user pool signs in: the district's own sign-in routes are not served.
          .filter((handler) => !(props.signIn === 'cognito' && handler === 'sign-in'))
          .map((handler) => `no function serves the routes of the ${handler} handler`),
    });
  }

  /**
   * Lets the district's pages call the API from their origin (a browser sends a preflight first):
   * every method of the routes, the request headers the pages send, and the response headers they
   * read (`Date`, the server's clock for SLA countdowns; `Retry-After`). Tokens travel in
   * `Authorization`, never in cookies, so no credentials are allowed.
   */
  allowBrowserOrigin(origin: string): void {
    (this.api.node.defaultChild as apigw.CfnApi).corsConfiguration = {
      allowOrigins: [origin],
      allowMethods: [...new Set(API_ROUTES.map((route) => route.method))].sort(),
      allowHeaders: [...BROWSER_REQUEST_HEADERS],
      exposeHeaders: [...BROWSER_READABLE_HEADERS],
      allowCredentials: false,
      maxAge: Duration.hours(1).toSeconds(),
    };
  }

  /**
   * Requests the stage refused for a limit (429 without reaching a function: a handler's own 429,
   * such as sign-in's per-phone limit, has an integration latency), counted from the access log,
   * since an HTTP API publishes no throttle metric of its own.
   */
  metricThrottled(options: { period: Duration; statistic?: string }): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: THROTTLED_METRIC,
      dimensionsMap: { ApiId: this.api.apiId },
      statistic: options.statistic ?? cloudwatch.Stats.SUM,
      period: options.period,
      label: 'Throttled (429 at the stage)',
    });
  }

  private countThrottledRequests(): void {
    new logs.MetricFilter(this, 'ThrottledRequests', {
      logGroup: this.accessLogs,
      filterPattern: logs.FilterPattern.all(
        logs.FilterPattern.stringValue('$.status', '=', '429'),
        logs.FilterPattern.stringValue('$.integrationLatency', '=', '-'),
      ),
      metricNamespace: METRICS_NAMESPACE,
      metricName: THROTTLED_METRIC,
      metricValue: '1',
      dimensions: { ApiId: '$.apiId' },
      unit: cloudwatch.Unit.COUNT,
    });
  }

  /** The base URL of the API, e.g. `https://abc123.execute-api.ap-southeast-1.amazonaws.com/`. */
  get url(): string {
    return this.stage.url;
  }

  /**
   * Sends every route of `handler` (shared/http/routes.ts) to `fn`: one integration shared by its
   * routes, and one permission for this API to invoke it. A permission per route cost a resource
   * each, and CloudFormation allows 500 in a stack; the function serves only the routes given here.
   */
  route(handler: ApiHandlerName, fn: lambda.IFunction): void {
    const integration = new HttpLambdaIntegration(integrationId(handler), fn, {
      scopePermissionToRoute: false,
    });
    // Partners' routes authenticate in the handler (a signature, a URL token, an Open311 api_key);
    // the sign-in routes are how a caller gets a token.
    const none = new apigw.HttpNoneAuthorizer();
    for (const route of API_ROUTES.filter((candidate) => candidate.handler === handler)) {
      const isPublic = 'public' in route && route.public;
      const [added] = this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
        authorizer: isPublic ? none : this.authorizer,
      });
      const ownLimits = Object.entries(OWN_LIMITS).find(([prefix]) => route.path.startsWith(prefix));
      if (ownLimits && added) this.limitRoute(added, `${route.method} ${route.path}`, ownLimits[1]);
      if (isPublic && added) {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: PUBLIC_BECAUSE[handler] ?? PARTNER_ROUTE,
        });
      }
    }
    this.routed.add(handler);
  }

  /**
   * Gives a route limits of its own on the stage. The stage waits for the route: CloudFormation
   * refuses route settings that name a route it has not created yet.
   */
  private limitRoute(route: apigw.HttpRoute, key: string, limits: keyof Omit<ApiThrottling, 'api'>): void {
    const { ratePerSecond, burst } = this.throttling[limits];
    this.routeSettings[key] = { ThrottlingRateLimit: ratePerSecond, ThrottlingBurstLimit: burst };
    (this.stage.node.defaultChild as apigw.CfnStage).routeSettings = { ...this.routeSettings };
    this.stage.node.addDependency(route);
  }

  /**
   * Accounts are created from the district's household file and leader roster (bulk import,
   * AdminCreateUser), never by self sign-up: a JWT's person and household must be the district's word.
   */
  private addUserPool(districtId: string): cognito.UserPool {
    const userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `sanzhang-${districtId}-users`,
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      standardAttributes: {
        fullname: { required: false, mutable: true },
        phoneNumber: { required: false, mutable: true },
      },
      customAttributes: {
        person_id: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        household_id: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 10,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      // Grid staff reset forgotten passwords; no SMS/e-mail recovery channel is configured.
      accountRecovery: cognito.AccountRecovery.NONE,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP): many unit leaders are elderly volunteers without smartphones, and SMS MFA would put a paid SMS on every sign-in; threat protection (Plus plan) blocks risky sign-ins instead.',
    });
    return userPool;
  }

  /** The residents' and leaders' app: SRP sign-in, hour-long tokens. */
  private addAppClient(userPool: cognito.UserPool): cognito.UserPoolClient {
    const readable = new cognito.ClientAttributes()
      .withStandardAttributes({ fullname: true, phoneNumber: true, phoneNumberVerified: true })
      .withCustomAttributes(...USER_ATTRIBUTES);
    // Users may edit their name only; person and household are the district's to set.
    const writable = new cognito.ClientAttributes().withStandardAttributes({ fullname: true });
    return userPool.addClient('AppClient', {
      userPoolClientName: 'sanzhang-app',
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: readable,
      writeAttributes: writable,
    });
  }
}
