import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../shared/logger.js';
import { observed } from '../../shared/runtime/observability.js';

/** The log lines written to stdout while `run` runs, parsed. */
async function logLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
    return true;
  });
  try {
    await run();
  } finally {
    vi.restoreAllMocks();
  }
  return lines;
}

const context = {
  functionName: 'sanzhang-lvyuan-Escalate',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  invokedFunctionArn: 'arn:aws:lambda:cn-north-1:123456789012:function:sanzhang-lvyuan-Escalate',
  memoryLimitInMB: '512',
  functionVersion: '$LATEST',
} as Context;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a handler wearing the Powertools middlewares', () => {
  it('in Lambda gives the logger the invocation’s context', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', context.functionName);
    const addContext = vi.spyOn(logger, 'addContext');
    const handler = observed(async (event: { step: string }) => event.step);

    expect(await handler({ step: 'escalate' }, context)).toBe('escalate');
    expect(addContext).toHaveBeenCalledWith(context);
    addContext.mockRestore();
  });

  it('outside Lambda, called without a context, keeps the log level it was given', async () => {
    const handler = observed(async () => {
      logger.info('detail');
    });
    logger.setLogLevel('INFO');
    try {
      const lines = await logLines(async () => {
        await handler({});
        await handler({});
      });

      expect(lines.map((line) => line.message)).toEqual(['detail', 'detail']);
    } finally {
      logger.setLogLevel('WARN');
    }
  });
});
