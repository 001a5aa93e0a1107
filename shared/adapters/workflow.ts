import type { NextStep } from '../domain/request.js';

/** The workflow port: Step Functions in AWS, aws-local-stepfunctions running the same definition locally. */
export interface Workflow {
  /**
   * Starts the lifecycle of a request in an execution named `execution` (the request id for its
   * first one); starting the same name twice starts one execution.
   */
  startLifecycle(requestId: string, execution?: string): Promise<void>;
  /**
   * Completes the task waiting on a request. Returns false when the task is gone (it timed out, or
   * was completed already): the workflow then reconciles with the stored state on its own.
   */
  completeTask(taskToken: string, step: NextStep): Promise<boolean>;
}
