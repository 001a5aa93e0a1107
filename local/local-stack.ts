import { synthesizeDistrict } from '../infra/synthesize.js';
import { handler as processDeliveries } from '../functions/intake/process-deliveries.js';
import { handler as archiveNotifications } from '../functions/notifications/archive-notifications.js';
import { handler as deliverToInbox } from '../functions/notifications/deliver-to-inbox.js';
import { handler as publishNotifications } from '../functions/notifications/publish-notifications.js';
import { handler as sendSms } from '../functions/notifications/send-sms.js';
import { handler as sendEmail } from '../functions/notifications/send-email.js';
import { handler as fanOutNotice } from '../functions/notifications/fan-out-notice.js';
import {
  handler as restartLifecycle,
  type ExecutionStatusChange,
} from '../functions/workflow/restart-lifecycle.js';
import { handler as startLifecycle } from '../functions/workflow/start-lifecycle.js';
import { handler as reconcile } from '../functions/scheduled/reconcile.js';
import { handler as releaseMessages } from '../functions/scheduled/release-messages.js';
import { MemoryNotificationArchive } from '../shared/adapters/notification-archive.js';
import { OutboxNotifier } from '../shared/adapters/outbox-notifier.js';
import { OutboxMailer } from '../shared/adapters/outbox-mailer.js';
import type { DistrictConfig } from '../shared/config/district-config.js';
import { scaledClock, type Clock } from '../shared/domain/clock.js';
import { importDemoDistrict } from '../demo/demo-import.js';
import { seedDemoIntake, type DemoIntake } from '../demo/demo-intake.js';
import { seedDemoNotices } from '../demo/demo-notices.js';
import { seedDemoStaffEmail } from '../demo/demo-staff-email.js';
import { type SignInSettings, useDependencies, type Dependencies } from '../shared/runtime/dependencies.js';
import { CachingSealer } from '../shared/adapters/secret-sealer.js';
import { LocalSecretSealer } from '../shared/adapters/local-secret-sealer.js';
import { createDocumentClient } from '../shared/store/document-client.js';
import { FaultInjector, type FaultOptions } from './fault-injection.js';
import { createTables, startDynamoDbLocal, type RunningDynamoDb } from './dynamodb-local.js';
import { LocalPhotoStorage } from './local-photo-storage.js';
import { LocalSchedules } from './local-schedules.js';
import { LocalSettlement } from './local-settlement.js';
import { LocalStreamConsumer } from './local-stream.js';
import { LocalTopic } from './local-topic.js';
import { LocalWorkflow } from './local-workflow.js';
import {
  executionStatusRules,
  functionSchedules,
  STATE_MACHINE_PREFIXES,
  stateMachineDefinition,
  stateMachineLogicalId,
  streamMappings,
  tableDefinitions,
} from './synthesized-template.js';
import type { UsageMeter } from './usage-meter.js';

/** The handler module of each stream consumer, by its function's logical id (its construct path). */
const STREAM_CONSUMERS = {
  IntakeProcessDeliveries: processDeliveries,
  NoticesFanOut: fanOutNotice,
  RequestLifecycleStartLifecycle: startLifecycle,
  NotificationsPublishNotifications: publishNotifications,
};

/** The handler module of each notifications queue's consumer, by its function's logical id. */
export const QUEUE_CONSUMERS = {
  NotificationsSendSms: sendSms,
  NotificationsDeliverToInbox: deliverToInbox,
  NotificationsArchiveNotifications: archiveNotifications,
  NotificationsSendEmail: sendEmail,
};

/**
 * The handler module of each scheduled function, by the start of its logical id: the SMS release
 * (EventBridge Scheduler, which the local run plays) and the reconciler (an EventBridge rule, which
 * it does not: the cost scenarios run it once).
 */
const SCHEDULED_FUNCTIONS: Record<string, (event: unknown) => Promise<unknown>> = {
  MessageReleaseReleaseMessages: releaseMessages,
  RequestLifecycleReconcile: reconcile,
};

/** The handler of one of the template's scheduled functions. */
export function scheduledHandler(functionLogicalId: string): (event: unknown) => Promise<unknown> {
  const prefix = Object.keys(SCHEDULED_FUNCTIONS).find((name) => functionLogicalId.startsWith(name));
  const handler = prefix === undefined ? undefined : SCHEDULED_FUNCTIONS[prefix];
  if (!handler) throw new Error(`no local handler for the scheduled function ${functionLogicalId}`);
  return handler;
}

export interface LocalStack {
  deps: Dependencies;
  workflow: LocalWorkflow;
  /** The monthly settlement's state machine on the local engine. */
  settlement: LocalSettlement;
  /** The template's function schedules (the SMS release), played in virtual time once started. */
  schedules: LocalSchedules;
  outbox: OutboxNotifier;
  /** Staff e-mail, kept and printed (the e-mail channel's consumer sends through it where the district sends e-mail). */
  mail: OutboxMailer;
  /** The photo storage, played by the local server (its uploads and links are routed to it). */
  photos: LocalPhotoStorage;
  /** What was injected, when faults were asked for. */
  faults?: FaultInjector;
  /** The table's stream, consumed as the deployed mappings do: new requests start, deliveries become requests, messages are published. */
  tableStream: LocalStreamConsumer;
  /** The notifications topic, its subscriptions and queues played from the template. */
  notifications: LocalTopic;
  /** The notifications archive (the archive bucket's objects). */
  archive: MemoryNotificationArchive;
  /** The demo partners' secrets, when the demo district was seeded. */
  demoIntake?: DemoIntake;
  dynamoDb: RunningDynamoDb;
  /** The district's synthesized template the stack was built from. */
  template: Record<string, unknown>;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  config: DistrictConfig;
  /** Virtual seconds per real second; 0 leaves waits open until a test expires them. */
  timeScale: number;
  clock?: Clock;
  seedDemoDistrict: boolean;
  print?: (line: string) => void;
  /** A lifecycle execution failed; `restartedAs` names the execution the restart rule started, if any. */
  onWorkflowFailure?: (requestId: string, error: unknown, restartedAs: string | undefined) => void;
  /** Makes a share of the DynamoDB, SNS and Step Functions calls fail (off when absent). */
  faults?: FaultOptions;
  /** The local token issuer the sign-in routes sign with (local/local-auth.ts). */
  signIn?: SignInSettings;
  /** Where the local server is reached (`http://localhost:3000`), once it listens: photo forms and links point there. */
  publicUrl: () => string;
  /** Where leaders' SMS links point (the local run: its own server, which serves the pages); none without it. */
  siteUrl?: () => string;
  /** Counts every function invocation and billed service request the stack makes (the cost model's input). */
  meter?: UsageMeter;
}

/** The handler, each call counted as an invocation of its function when there is a meter. */
function metered<E, R>(
  meter: UsageMeter | undefined,
  functionLogicalId: string,
  handler: (event: E) => Promise<R>,
): (event: E) => Promise<R> {
  return meter ? (event) => meter.invoke(functionLogicalId, () => handler(event)) : handler;
}

/** Lambda's asynchronous invocation (an EventBridge target) tries a failing function three times. */
const ASYNC_ATTEMPTS = 3;

/**
 * The lifecycle's "Execution Status Change" rule (FAILED): its function, invoked as EventBridge
 * invokes it, retried as Lambda retries an asynchronous invocation.
 */
async function restartAfterFailure(execution: string): Promise<string | undefined> {
  const event = {
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    detail: { name: execution, status: 'FAILED', stateMachineArn: 'local' },
  } as ExecutionStatusChange;
  for (let attempt = 1; ; attempt++) {
    try {
      return (await restartLifecycle(event)).restarted;
    } catch (error) {
      if (attempt >= ASYNC_ATTEMPTS) throw error;
    }
  }
}

/**
 * The whole system on one machine: the CDK template synthesized for the district, DynamoDB Local
 * with the template's tables, the template's state machine on the local engine, the outbox notifier,
 * the demo district loaded through the CSV import, and the same handler modules wired to them.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const template = synthesizeDistrict(options.config);
  const tables = tableDefinitions(template);
  const [districtTable] = tables;
  if (!districtTable?.TableName) throw new Error('the synthesized template has no DynamoDB table');
  // The restart rule is played only as the template has it.
  const restartRule = executionStatusRules(template).find(
    (rule) =>
      rule.functionLogicalId.startsWith('RequestLifecycleRestartLifecycle') &&
      rule.statuses.includes('FAILED'),
  );
  if (!restartRule) throw new Error('the template has no rule restarting a FAILED lifecycle execution');
  const faults = options.faults ? new FaultInjector(options.faults) : undefined;
  const dynamoDb = await startDynamoDbLocal();
  let stopping = false;
  void dynamoDb.exited.then((code) => {
    if (stopping) return;
    options.print?.(
      `DynamoDB Local exited (${code}) and its tables were in memory: API routes that need the table answer 503 until the local run is restarted.`,
    );
  });
  await createTables(dynamoDb.endpoint, tables);
  const workflow = new LocalWorkflow(
    stateMachineDefinition(template, {
      logicalId: stateMachineLogicalId(template, STATE_MACHINE_PREFIXES.lifecycle),
    }),
    {
      timeScale: options.timeScale,
      ...(options.meter ? { meter: options.meter } : {}),
      onFailure: async ({ requestId, execution, error }) => {
        const restartedAs = await restartAfterFailure(execution).catch((restartError: unknown) => {
          options.print?.(`the restart of lifecycle execution ${execution} failed: ${String(restartError)}`);
          return undefined;
        });
        options.onWorkflowFailure?.(requestId, error, restartedAs);
      },
      // The definition's retry intervals (2 s, doubling) run in virtual time when faults make retries common.
      ...(faults
        ? { taskFault: () => faults.taskFault(), retryIntervalMs: 2000 / (options.timeScale || 100) }
        : {}),
    },
  );
  const settlement = new LocalSettlement(
    stateMachineDefinition(template, {
      logicalId: stateMachineLogicalId(template, STATE_MACHINE_PREFIXES.settlement),
    }),
    (execution, error) => options.print?.(`settlement ${execution} failed: ${String(error)}`),
  );
  const clock = options.clock ?? scaledClock(Math.max(options.timeScale, 1));
  const outbox = new OutboxNotifier(options.print, { clock, timeZone: options.config.district.timeZone });
  const mail = new OutboxMailer(options.print ?? (() => {}), {
    clock,
    timeZone: options.config.district.timeZone,
  });
  const notifications = LocalTopic.fromTemplate(template, QUEUE_CONSUMERS, {
    // A failed message is received again after its visibility timeout, in the run's time.
    redeliveryDelayMs: (seconds) => (seconds * 1000) / Math.max(options.timeScale, 1),
    ...(options.meter ? { meter: options.meter } : {}),
    ...(options.print ? { print: options.print } : {}),
  });
  const archive = new MemoryNotificationArchive();
  const schedules = new LocalSchedules(
    functionSchedules(template).map((schedule) => {
      const handler = scheduledHandler(schedule.functionLogicalId);
      // The scheduler's event carries nothing the handlers read.
      const run = () => handler({});
      return { ...schedule, run: () => options.meter?.invoke(schedule.functionLogicalId, run) ?? run() };
    }),
  );
  const photos = new LocalPhotoStorage(options.publicUrl);
  const db = createDocumentClient({
    endpoint: dynamoDb.endpoint,
    ...(faults ? { plugins: [faults.dynamoDbMiddleware()] } : {}),
  });
  const deps: Dependencies = {
    config: options.config,
    clock,
    table: { db, name: districtTable.TableName, timeZone: options.config.district.timeZone },
    notifier: faults ? faults.notifier(outbox) : outbox,
    workflow: faults ? faults.workflow(workflow) : workflow,
    settlement,
    ...(options.signIn ? { signIn: options.signIn } : {}),
    sealer: new CachingSealer(options.meter?.sealer(new LocalSecretSealer()) ?? new LocalSecretSealer()),
    photos,
    notificationTopic: notifications,
    archive,
    mailer: mail,
    ...(options.siteUrl ? { siteUrl: options.siteUrl } : {}),
  };
  useDependencies(deps);
  if (options.seedDemoDistrict) await importDemoDistrict(deps.table);
  const demoIntake = options.seedDemoDistrict ? await seedDemoIntake(deps) : undefined;
  if (options.seedDemoDistrict) await seedDemoNotices(deps);
  if (options.seedDemoDistrict) await seedDemoStaffEmail(deps);
  // The demo is loaded as it would be before the system runs; the faults start with the system.
  faults?.arm();
  const tableStream = await new LocalStreamConsumer(
    dynamoDb.endpoint,
    districtTable.TableName,
    streamMappings(template).map(({ functionLogicalId, patterns }) => {
      const name = Object.keys(STREAM_CONSUMERS).find((prefix) => functionLogicalId.startsWith(prefix));
      if (!name) throw new Error(`no local handler for the stream consumer ${functionLogicalId}`);
      const handler = STREAM_CONSUMERS[name as keyof typeof STREAM_CONSUMERS];
      return { name, patterns, handler: metered(options.meter, functionLogicalId, handler) };
    }),
    (mapping, record, error) =>
      options.print?.(`${mapping}: record ${record.dynamodb?.SequenceNumber ?? ''} parked: ${String(error)}`),
    options.print,
  ).start();
  return {
    deps,
    workflow,
    settlement,
    schedules,
    outbox,
    mail,
    photos,
    ...(faults ? { faults } : {}),
    tableStream,
    notifications,
    archive,
    ...(demoIntake ? { demoIntake } : {}),
    dynamoDb,
    template,
    stop: async () => {
      stopping = true;
      await tableStream.stop();
      notifications.stop();
      workflow.stop();
      settlement.stop();
      schedules.stop();
      useDependencies(undefined);
      db.destroy();
      await dynamoDb.stop();
      photos.dispose();
    },
  };
}
