import * as z from '../../zod.js';
import { parseWith } from '../../http/parse.js';

const requestStep = z.object({ requestId: z.string().check(z.minLength(1)) });

const callbackTask = z.object({
  requestId: z.string().check(z.minLength(1)),
  token: z.string().check(z.minLength(1)),
  awaiting: z.enum(['leader', 'resident']),
  version: z.number().check(z.int(), z.positive()),
});

/** The payloads the state machine sends its Task states (see infra/request-workflow.ts). */
export const parseRequestStep = (event: unknown) => parseWith(requestStep, event, 'workflow input');
export const parseCallbackTask = (event: unknown) => parseWith(callbackTask, event, 'workflow input');
