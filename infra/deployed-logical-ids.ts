import { type CfnElement, CfnResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * Resources that hold state or a fixed name. A new logical ID makes CloudFormation create a new
 * resource and delete (or, when retained, orphan) the old one: a table or a user pool emptied, topic
 * subscriptions to confirm again, dead letters dropped, logs split from their history, running
 * executions stopped, a stream read again from its trim horizon, or a deployment failing on a name
 * that is taken.
 */
const STATEFUL_TYPES = new Set([
  'AWS::DynamoDB::Table',
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolDomain',
  'AWS::SNS::Topic',
  'AWS::SNS::Subscription',
  'AWS::KMS::Key',
  'AWS::SQS::Queue',
  'AWS::Logs::LogGroup',
  'AWS::StepFunctions::StateMachine',
  'AWS::Scheduler::Schedule',
  'AWS::Lambda::EventSourceMapping',
]);

/**
 * Step Functions runs an execution to its end with the definition and the role it started with, and
 * a lifecycle execution can wait for days: the state machines' roles and the functions their Task
 * states invoke (with their roles) stay the same resources.
 */
const HELD_BY_RUNNING_EXECUTIONS = new Set(['AWS::Lambda::Function', 'AWS::IAM::Role']);
const EXECUTIONS_HOLD = new Set([
  'RequestLifecycle/Workflow',
  'RequestLifecycle/AssignLeader',
  'RequestLifecycle/Escalate',
  'RequestLifecycle/AutoConfirm',
  'RequestLifecycle/AwaitCallback',
  'MonthlySettlement/Workflow',
  'MonthlySettlement/StartSettlement',
  'MonthlySettlement/SettleCommunity',
  'MonthlySettlement/RankDistrict',
  'MonthlySettlement/NotifyCommunity',
  'MonthlySettlement/FinishSettlement',
]);

/** Children of the stack that moved into a concern construct: their ids, per concern. */
const MOVED_TO_CONCERNS: Record<string, readonly string[]> = {
  RequestsApi: ['SubmitRequest', 'ListRequests', 'GetRequest', 'ActOnRequest'],
  HierarchyApi: ['ManageNodes', 'ManageHouseholds', 'ManagePeople', 'ManageProviders', 'Regrid'],
  PointsApi: ['ManagePoints', 'ManageRewards'],
  Intake: ['ManagePartners'],
  RequestLifecycle: [
    'AssignLeader',
    'Escalate',
    'AutoConfirm',
    'AwaitCallback',
    'StartLifecycle',
    'LifecycleStarts',
    'Reconcile',
    'RestartLifecycle',
  ],
  MonthlySettlement: [
    'StartSettlement',
    'SettleCommunity',
    'RankDistrict',
    'NotifyCommunity',
    'FinishSettlement',
    'ManageSettlements',
  ],
};

/** Where each moved construct is now → where it was (paths below the stack). */
const FORMER_PATHS: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(MOVED_TO_CONCERNS).flatMap(([concern, ids]) => ids.map((id) => [`${concern}/${id}`, id])),
  ),
  // The state machines' constructs were the concerns' own ids before the concerns held their functions.
  'RequestLifecycle/Workflow': 'RequestLifecycle',
  'MonthlySettlement/Workflow': 'MonthlySettlement',
};

/**
 * The logical ID `element` had before its construct moved into a concern construct, when it is a
 * stateful resource or one that running executions hold; otherwise undefined. A deployed district
 * then updates it in place instead of replacing it.
 */
export function deployedLogicalId(stack: Stack, element: CfnElement): string | undefined {
  if (!CfnResource.isCfnResource(element)) return undefined;
  const scopes = element.node.scopes;
  const path = scopes.slice(scopes.indexOf(stack) + 1).map((scope) => scope.node.id);
  const moved = Object.keys(FORMER_PATHS).find((candidate) => path.join('/').startsWith(`${candidate}/`));
  if (moved === undefined) return undefined;
  const type = element.cfnResourceType;
  const kept =
    STATEFUL_TYPES.has(type) || (EXECUTIONS_HOLD.has(moved) && HELD_BY_RUNNING_EXECUTIONS.has(type));
  if (!kept) return undefined;
  const formerPath = [...(FORMER_PATHS[moved] ?? '').split('/'), ...path.slice(moved.split('/').length)];
  return logicalIdAt(formerPath);
}

const formerLogicalIds = new Map<string, string>();
let scratch: Stack | undefined;

/** The logical ID CDK gives a resource at `path` below a stack, computed once per path. */
function logicalIdAt(path: readonly string[]): string {
  const key = path.join('/');
  const known = formerLogicalIds.get(key);
  if (known !== undefined) return known;
  scratch ??= new Stack();
  const parent = path
    .slice(0, -1)
    .reduce<Construct>(
      (scope, id) => (scope.node.tryFindChild(id) as Construct | undefined) ?? new Construct(scope, id),
      scratch,
    );
  const logicalId = scratch.getLogicalId(
    new CfnResource(parent, path[path.length - 1] ?? '', { type: 'Former::Path' }),
  );
  formerLogicalIds.set(key, logicalId);
  return logicalId;
}
