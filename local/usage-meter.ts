import { performance } from 'node:perf_hooks';
import type { SecretSealer } from '../shared/adapters/secret-sealer.js';

/** How often something ran, and for how long in all (milliseconds of wall time in this process). */
export interface Timing {
  count: number;
  milliseconds: number;
}

/** The services' requests the local stand-ins count, as their AWS counterparts would bill them. */
export interface ServiceCounts {
  /** SNS Publish calls on the notifications topic. */
  topicPublishes: number;
  /** Messages SNS delivered into a subscription's queue (one SQS SendMessage each). */
  queueMessages: number;
  /** Batches a queue's event source mapping handed its function (one ReceiveMessage and one DeleteMessageBatch each). */
  queueBatches: number;
  /** KMS calls of the secret sealer (Encrypt to seal, Decrypt to open). */
  kmsRequests: number;
  /** Bytes the functions logged (what CloudWatch Logs ingests from them, platform lines aside). */
  logBytes: number;
}

export interface Usage {
  /** Invocations of each function, by its logical id in the synthesized template. */
  functions: Map<string, Timing>;
  /** API Gateway requests by route key (`POST /requests`), with their function's time. */
  routes: Map<string, Timing>;
  services: ServiceCounts;
}

const emptyUsage = (): Usage => ({
  functions: new Map(),
  routes: new Map(),
  services: { topicPublishes: 0, queueMessages: 0, queueBatches: 0, kmsRequests: 0, logBytes: 0 },
});

async function timed<T>(into: Map<string, Timing>, key: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    const timing = into.get(key) ?? { count: 0, milliseconds: 0 };
    timing.count += 1;
    timing.milliseconds += performance.now() - started;
    into.set(key, timing);
  }
}

/**
 * Counts what the local system does that AWS bills: each function invocation with its handler's
 * duration, each API request, each topic publish and queue delivery, each KMS call. The local run's
 * stand-ins (API, workflow, stream, topic, schedules) report here when given a meter, so a
 * benchmark reads the counts of the same code paths the deployment runs.
 */
export class UsageMeter {
  private usage = emptyUsage();

  /** Runs one invocation of the function, timing its handler. */
  invoke<T>(functionLogicalId: string, run: () => Promise<T>): Promise<T> {
    return timed(this.usage.functions, functionLogicalId, run);
  }

  /** Runs the handler behind one API request on the route. */
  request<T>(routeKey: string, run: () => Promise<T>): Promise<T> {
    return timed(this.usage.routes, routeKey, run);
  }

  count(service: keyof ServiceCounts, by = 1): void {
    this.usage.services[service] += by;
  }

  /** The usage since the last take, then starts counting again. */
  take(): Usage {
    const taken = this.usage;
    this.usage = emptyUsage();
    return taken;
  }

  /**
   * Counts what the process writes to stdout, where the functions' logger writes in Lambda, instead
   * of printing it; the returned function puts stdout back.
   */
  captureLogs(): () => void {
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      this.count('logBytes', typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
      const done = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
    return () => {
      process.stdout.write = write;
    };
  }

  /** The sealer, each of its calls counted as the KMS request it is in the deployment. */
  sealer(inner: SecretSealer): SecretSealer {
    return {
      seal: (plaintext, context) => {
        this.count('kmsRequests');
        return inner.seal(plaintext, context);
      },
      open: (sealed, context) => {
        this.count('kmsRequests');
        return inner.open(sealed, context);
      },
    };
  }
}
