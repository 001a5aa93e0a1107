import { beforeAll, describe, expect, it } from 'vitest';
import { loadDistrictConfigs, synthesizeDistrict } from '../../infra/synthesize.js';
import type { DistrictConfig } from '../../shared/config/district-config.js';

/**
 * The logical IDs of the resources a deployed district keeps: with a new logical ID CloudFormation
 * creates a new resource and deletes or orphans the old one (an empty table, a new user pool whose
 * users must sign up again, subscriptions to confirm again, lost dead letters and logs, stopped
 * executions or ones failing on a function or role they still use, a stream read again, a new API
 * URL, a name already taken). Moving a construct keeps them with infra/deployed-logical-ids.ts; a
 * resource leaves this list only on purpose, with a migration.
 */
const KEPT: Record<string, string[]> = {
  'AWS::DynamoDB::Table': ['DistrictTableF3039739'],
  'AWS::SNS::Topic': ['NotificationsSupervisorsTopic84278635', 'NotificationsAlarmsTopic1BBE2C7A'],
  'AWS::SNS::Subscription': [
    'NotificationsSupervisorsTopic86138000000015F889802',
    'NotificationsAlarmsTopicopslvyuanexamplecn641CE88C',
  ],
  'AWS::SQS::Queue': ['IntakeDeliveriesDeadLettersFDBE797C', 'LifecycleStartsDeadLetters46198497'],
  'AWS::Logs::LogGroup': [
    'SubmitRequestLogs1348CC93',
    'ListRequestsLogs3921630E',
    'GetRequestLogsDEC5D499',
    'ActOnRequestLogs5737AC0A',
    'ManageNodesLogsCD2F2952',
    'ManageHouseholdsLogs90C7555C',
    'ManagePeopleLogs29FD2915',
    'ManageProvidersLogs44AE3969',
    'ManagePointsLogs46C86FAE',
    'ManageRewardsLogs82C68901',
    'ManageSettlementsLogs8D6685DF',
    'ManagePartnersLogsC55577CB',
    'IntakeReceiveDeliveryLogsBFAC2087',
    'IntakeOpen311Logs93853298',
    'IntakeProcessDeliveriesLogsD8121CB4',
    'RegridLogsBAF1043C',
    'AssignLeaderLogs32FA1124',
    'EscalateLogs7F86D610',
    'AutoConfirmLogsF90FA2BD',
    'StartLifecycleLogs153C03F1',
    'ReconcileLogsDE13217A',
    'RestartLifecycleLogs97E6905D',
    'AwaitCallbackLogsB4F66609',
    'StartSettlementLogs13EC23F5',
    'SettleCommunityLogs420475AF',
    'RankDistrictLogsB2A71C37',
    'NotifyCommunityLogsB6C48BAE',
    'FinishSettlementLogsD571C06B',
    'RequestLifecycleLogsF1024C26',
    'MonthlySettlementLogsB3222634',
    'HttpApiAccessLogsDED8C7A4',
  ],
  'AWS::StepFunctions::StateMachine': [
    'RequestLifecycleStateMachine1101F3D7',
    'MonthlySettlementStateMachine2534DCAB',
  ],
  'AWS::Scheduler::Schedule': ['MonthlySettlementSchedule9F5E569B'],
  'AWS::Lambda::EventSourceMapping': [
    'IntakeProcessDeliveriesFunctionDynamoDBEventSourceSanzhanglvyuanDistrictTableA48CBD0436AE97BE',
    'StartLifecycleFunctionDynamoDBEventSourceSanzhanglvyuanDistrictTableA48CBD04512BA318',
  ],
  // A running execution keeps invoking the functions it started with, as the role it started with.
  'AWS::Lambda::Function': [
    'AssignLeaderFunction68501E6F',
    'EscalateFunctionD568A0A6',
    'AutoConfirmFunction41FE343D',
    'AwaitCallbackFunctionFB9601C6',
    'StartSettlementFunction81510E35',
    'SettleCommunityFunctionD87167F3',
    'RankDistrictFunction0D30ABD6',
    'NotifyCommunityFunction7E65F970',
    'FinishSettlementFunction2CCD1B18',
  ],
  'AWS::IAM::Role': ['RequestLifecycleStateMachineRole9A8D33DF', 'MonthlySettlementStateMachineRole7A8D3924'],
  'AWS::ApiGatewayV2::Api': ['HttpApi9292168F'],
  'AWS::ApiGatewayV2::Stage': ['HttpApiDefaultStage3EEB07D6'],
};

/** A district that signs in with Cognito (`auth.signIn`) keeps its user pool and app client. */
const KEPT_WITH_COGNITO: Record<string, string[]> = {
  'AWS::Cognito::UserPool': ['HttpApiUserPoolD24CE27F'],
  'AWS::Cognito::UserPoolClient': ['HttpApiUserPoolAppClient30596473'],
};

// Lüyuan is the district deployed before these resources moved; a new district has nothing to keep.
const config = loadDistrictConfigs().find(
  (candidate) => candidate.district.id === 'lvyuan',
) as DistrictConfig;
type Resources = Record<string, { Type: string }>;
let resources: Resources;
let withCognito: Resources;

beforeAll(() => {
  resources = synthesizeDistrict(config).Resources as Resources;
  withCognito = synthesizeDistrict({ ...config, auth: { ...config.auth, signIn: 'cognito' } })
    .Resources as Resources;
});

const logicalIdsOf = (synthesized: Resources, type: string) =>
  Object.keys(synthesized).filter((logicalId) => synthesized[logicalId]?.Type === type);

describe('the stateful resources of a deployed district', () => {
  it.each(Object.entries(KEPT))('keep their logical IDs: %s', (type, logicalIds) => {
    expect(logicalIdsOf(resources, type)).toEqual(expect.arrayContaining(logicalIds));
  });

  it.each(Object.entries(KEPT_WITH_COGNITO))(
    'keep their logical IDs with Cognito: %s',
    (type, logicalIds) => {
      expect(logicalIdsOf(withCognito, type)).toEqual(expect.arrayContaining(logicalIds));
    },
  );
});
