import type { NextStep } from '../domain/request.js';

/** The workflow port: Step Functions in AWS, aws-local-stepfunctions running the same definition locally. */
export interface Workflow {
  /** Starts the lifecycle of a request; starting the same request twice starts one execution. */
  startLifecycle(requestId: string): Promise<void>;
  /**
   * Completes the task waiting on a request. Returns false when the task is gone (it timed out, or
   * was completed already): the workflow then reconciles with the stored state on its own.
   */
  completeTask(taskToken: string, step: NextStep): Promise<boolean>;
}
