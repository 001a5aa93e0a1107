import { CfnResource, Stack } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';

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
 * Gives every stateful resource under a moved construct the logical ID it had at the construct's
 * former path, so that a deployed district updates it in place instead of replacing it.
 */
export function keepDeployedLogicalIds(stack: Stack): void {
  const scratch = new Stack();
  for (const [path, formerPath] of Object.entries(FORMER_PATHS)) {
    const moved = path.split('/').reduce<IConstruct>((scope, id) => scope.node.findChild(id), stack);
    const stateful = moved.node
      .findAll()
      .filter((construct) => CfnResource.isCfnResource(construct))
      .filter((resource) => STATEFUL_TYPES.has(resource.cfnResourceType));
    for (const resource of stateful) {
      const below = resource.node.scopes.slice(moved.node.scopes.length).map((scope) => scope.node.id);
      resource.overrideLogicalId(logicalIdAt(scratch, [...formerPath.split('/'), ...below]));
    }
  }
}

/** The logical ID CDK gives a resource at `path` below a stack. */
function logicalIdAt(scratch: Stack, path: readonly string[]): string {
  const parent = path
    .slice(0, -1)
    .reduce<Construct>(
      (scope, id) => (scope.node.tryFindChild(id) as Construct | undefined) ?? new Construct(scope, id),
      scratch,
    );
  return scratch.getLogicalId(new CfnResource(parent, path[path.length - 1] ?? '', { type: 'Former::Path' }));
}
