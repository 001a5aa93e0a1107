import { type CfnElement, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DistrictConfig } from '../shared/config/district-config.js';
import { Alarms, type WatchedParts } from './alarms.js';
import { DistrictDashboard } from './dashboard.js';
import { deployedLogicalId } from './deployed-logical-ids.js';
import { DistrictTable } from './district-table.js';
import { HierarchyApi } from './hierarchy-api.js';
import { MessageRelease } from './message-release.js';
import { MessagesApi } from './messages-api.js';
import { DistrictHttpApi } from './http-api.js';
import { Intake } from './intake.js';
import { MeApi } from './me-api.js';
import { Notices } from './notices.js';
import { MonthlySettlement } from './monthly-settlement.js';
import { Notifications, SmsStatusCallback } from './notifications.js';
import { PhotoStorage } from './photo-storage.js';
import { PointsApi } from './points-api.js';
import { RequestLifecycle } from './request-lifecycle.js';
import { RequestsApi } from './requests-api.js';
import { SignIn } from './sign-in.js';
import type { SanzhangFunction } from './sanzhang-function.js';
import { WEB_PAGES, WebSite, type WebPage, type WebSiteSource } from './web-site.js';

export interface DistrictStackProps extends Omit<StackProps, 'stackName' | 'env'> {
  readonly config: DistrictConfig;
  /**
   * The built web pages to deploy as the district's site. The CDK app always gives them; a stack
   * synthesized only for its template (the local run, the import, tests of other parts) has no site.
   */
  readonly web?: WebSiteSource;
}

/** Each page's URL output: its name and what it is. */
const PAGE_OUTPUTS: Record<WebPage, { id: string; description: string }> = {
  leader: { id: 'LeaderPageUrl', description: "The leaders' phone page" },
  resident: { id: 'ResidentPageUrl', description: "The residents' phone page" },
  console: { id: 'ConsolePageUrl', description: 'The community console' },
};

/** `Sanzhang-<districtId>`: the stack's construct id and its CloudFormation name. */
export function districtStackName(config: DistrictConfig): string {
  return `Sanzhang-${config.district.id}`;
}

/**
 * One district's whole system: the table, the notification topics, the API and its user pool, and
 * one construct per concern that owns its functions, their grants and its routes. Each function
 * gets exactly the access it needs.
 */
export class DistrictStack extends Stack {
  readonly table: DistrictTable;
  readonly notifications: Notifications;
  readonly httpApi: DistrictHttpApi;
  readonly photos: PhotoStorage;
  readonly requestsApi: RequestsApi;
  readonly hierarchyApi: HierarchyApi;
  readonly pointsApi: PointsApi;
  readonly intake: Intake;
  readonly notices: Notices;
  readonly lifecycle: RequestLifecycle;
  readonly settlement: MonthlySettlement;
  /** The district's own sign-in (`auth.signIn = phone-code`). */
  readonly signIn: SignIn | undefined;
  /** The web pages, when the stack deploys them. */
  readonly webSite: WebSite | undefined;
  /** Every function whose errors alarm, by name. */
  readonly functions: Record<string, SanzhangFunction>;

  constructor(scope: Construct, props: DistrictStackProps) {
    const { config } = props;
    super(scope, districtStackName(config), {
      ...props,
      stackName: districtStackName(config),
      description: `三长联动 Sanzhang for ${config.district.name} (${config.district.id}): resident requests, escalation workflow, notifications.`,
      env: config.deploy ? { account: config.deploy.account, region: config.deploy.region } : undefined,
    });
    this.table = new DistrictTable(this, 'DistrictTable');
    this.notifications = new Notifications(this, 'Notifications', { config, table: this.table });
    this.httpApi = new DistrictHttpApi(this, 'HttpApi', {
      districtId: config.district.id,
      signIn: config.auth.signIn,
      throttling: config.operations.throttling,
    });
    this.webSite = props.web
      ? new WebSite(this, 'WebSite', { ...props.web, config, apiUrl: this.httpApi.api.apiEndpoint })
      : undefined;
    if (this.webSite?.origin) this.httpApi.allowBrowserOrigin(this.webSite.origin);
    const served = { config, table: this.table, httpApi: this.httpApi };
    // Browsers post uploads from the pages' origin: the static site's, when the stack serves one.
    this.photos = new PhotoStorage(this, 'PhotoStorage', {
      allowedOrigins: this.webSite?.origin ? [this.webSite.origin] : [],
    });
    this.requestsApi = new RequestsApi(this, 'RequestsApi', { ...served, photos: this.photos });
    this.hierarchyApi = new HierarchyApi(this, 'HierarchyApi', served);
    this.pointsApi = new PointsApi(this, 'PointsApi', served);
    this.intake = new Intake(this, 'Intake', served);
    this.notices = new Notices(this, 'Notices', served);
    this.lifecycle = new RequestLifecycle(this, 'RequestLifecycle', { config, table: this.table });
    this.settlement = new MonthlySettlement(this, 'MonthlySettlement', served);
    this.signIn = config.auth.signIn === 'phone-code' ? new SignIn(this, 'SignIn', served) : undefined;
    this.functions = {
      ...this.requestsApi.functions,
      ...this.hierarchyApi.functions,
      ...this.pointsApi.functions,
      ...new MeApi(this, 'MeApi', served).functions,
      ...this.intake.functions,
      ...this.notices.functions,
      ...this.lifecycle.functions,
      ...this.settlement.functions,
      ...this.signIn?.functions,
      ...this.notifications.functions,
      ...new SmsStatusCallback(this, 'SmsStatus', served).functions,
      ...new MessagesApi(this, 'MessagesApi', served).functions,
      ...new MessageRelease(this, 'MessageRelease', {
        config,
        table: this.table,
        supervisorsTopic: this.notifications.supervisorsTopic,
      }).functions,
    };
    const watched: WatchedParts = {
      config,
      lifecycle: this.lifecycle,
      settlement: this.settlement,
      intake: this.intake,
      notifications: this.notifications,
      notices: this.notices,
      httpApi: this.httpApi,
      functions: this.functions,
    };
    new Alarms(this, 'Alarms', { ...watched, topic: this.notifications.alarmsTopic });
    new DistrictDashboard(this, 'Dashboard', watched);
    this.addOutputs();
  }

  /** Resources that moved into a concern construct and must not be replaced keep their deployed logical IDs. */
  protected override allocateLogicalId(element: CfnElement): string {
    return deployedLogicalId(this, element) ?? super.allocateLogicalId(element);
  }

  private addOutputs(): void {
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Base URL of the HTTP API' });
    const { userPool, userPoolClient } = this.httpApi;
    if (userPool && userPoolClient) {
      new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
    }
    if (this.signIn) {
      new CfnOutput(this, 'TokenIssuer', {
        value: this.httpApi.issuer,
        description: 'The `iss` of access tokens',
      });
      new CfnOutput(this, 'TokenAudience', {
        value: this.httpApi.audience,
        description: 'The `aud` of access tokens',
      });
      new CfnOutput(this, 'SigningKeyArn', {
        value: this.signIn.key.keyArn,
        description: 'The KMS key that signs them',
      });
    }
    new CfnOutput(this, 'StateMachineArn', { value: this.lifecycle.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'SettlementStateMachineArn', {
      value: this.settlement.workflow.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    if (this.webSite) this.addSiteOutputs(this.webSite);
  }

  private addSiteOutputs(site: WebSite): void {
    new CfnOutput(this, 'SiteBucketName', {
      value: site.bucket.bucketName,
      description: 'The bucket holding the web pages',
    });
    if (!site.origin || !site.pageUrls) return;
    new CfnOutput(this, 'SiteUrl', {
      value: `${site.origin}/`,
      description: 'Where the web pages are served',
    });
    for (const page of WEB_PAGES) {
      const { id, description } = PAGE_OUTPUTS[page];
      new CfnOutput(this, id, { value: site.pageUrls[page], description });
    }
  }
}
