import { ArnFormat, type Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { wildcardResourceFinding } from './sanzhang-function.js';

/** Lambda's own transient failures: always safe to retry. */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/**
 * A state machine's ARN, formatted from its fixed name. Functions that start executions or
 * complete task tokens are granted on this ARN; referencing the state machine resource instead
 * would make a dependency cycle (the state machine invokes those functions).
 */
export function stateMachineArn(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: name,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** Retries Lambda's failures and the handler's (every step handler is idempotent), the interval doubling. */
export function retryFailures(task: sfn.TaskStateBase, interval: Duration, maxAttempts: number): void {
  task.addRetry({
    errors: [...LAMBDA_SERVICE_ERRORS, sfn.Errors.TASKS_FAILED],
    interval,
    maxAttempts,
    backoffRate: 2,
  });
}

export interface DistrictStateMachineProps {
  /** The fixed name: functions are granted on the ARN it makes (see `stateMachineArn`). */
  readonly name: string;
  readonly comment: string;
  readonly definition: sfn.IChainable;
  readonly timeout?: Duration;
  /** The functions its Task states invoke. */
  readonly invokes: readonly lambda.IFunction[];
  /** Which workflow those functions serve, as the acknowledgements of its role's wildcards say. */
  readonly workflow: 'lifecycle' | 'settlement';
  /** X-Ray tracing, as the district's deployment profile says (none in the China regions). */
  readonly tracing: boolean;
}

/**
 * How both state machines are built, decided in one place: Standard, JSONPath (the local engine has
 * no JSONata), traced where the deployment profile traces, and every execution logged without its data (the records live in
 * DynamoDB) to a log group under /aws/vendedlogs/, so that many state machines don't exhaust the
 * CloudWatch Logs resource policy size.
 */
export function districtStateMachine(scope: Construct, props: DistrictStateMachineProps): sfn.StateMachine {
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    logGroupName: `/aws/vendedlogs/states/${props.name}`,
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    stateMachineName: props.name,
    stateMachineType: sfn.StateMachineType.STANDARD,
    queryLanguage: sfn.QueryLanguage.JSON_PATH,
    comment: props.comment,
    definitionBody: sfn.DefinitionBody.fromChainable(props.definition),
    timeout: props.timeout,
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    tracingEnabled: props.tracing,
  });
  Validations.of(stateMachine.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: props.tracing
      ? 'Step Functions log delivery (logs:CreateLogDelivery and friends) and X-Ray tracing (xray:PutTraceSegments and friends) do not support resource-level permissions.'
      : 'Step Functions log delivery (logs:CreateLogDelivery and friends) does not support resource-level permissions.',
  });
  if (!props.tracing) {
    Validations.of(stateMachine).acknowledge({
      id: 'AwsSolutions-SF2',
      reason:
        'The China regions have no X-Ray integration with Lambda (docs.amazonaws.cn, Lambda in China), so the deployment profile traces neither the functions nor the state machines there.',
    });
  }
  for (const fn of new Set(props.invokes)) {
    Validations.of(stateMachine.role).acknowledge({
      id: wildcardResourceFinding(stateMachine, `${fn.functionArn}:*`),
      reason: `LambdaInvoke grants lambda:InvokeFunction on the function and its versions/aliases (<arn>:*); scoped to this one ${props.workflow} function.`,
    });
  }
  return stateMachine;
}
