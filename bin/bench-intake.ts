import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadDistrictConfigs } from '../infra/synthesize.js';
import { DEMO_PARTNERS } from '../demo/demo-intake.js';
import { DEMO_HOUSEHOLD_ID, demoHousehold, lvyuanDemoDistrict } from '../demo/lvyuan-district.js';
import { smsSegments } from '../shared/domain/sms.js';
import type { StoredDelivery } from '../shared/domain/intake-delivery.js';
import { signatureHeader } from '../shared/services/intake/formats/sanzhang-webhook.js';
import { CapacityMeter, type Capacity } from '../local/capacity-meter.js';
import { percentile } from '../local/figures.js';
import { DYNAMODB_ON_DEMAND } from './prices.js';
import { LocalSystem } from '../local/local-system.js';
import { getDelivery } from '../shared/store/delivery-store.js';

/**
 * `npm run bench:intake [-- --deliveries 100 --burst 50]`
 *
 * Partners' deliveries on the local stack: the acknowledgement's latency (the HTTP round trip of
 * `POST /intake/{partnerId}`, signed, and of Open311's `POST requests.json`) and its DynamoDB
 * capacity units, accepted and duplicate; then the asynchronous processing's units (the stream's
 * handler and the workflow up to its first wait) by how the household was found. Sequential
 * deliveries go one at a time, each processed before the next, so every unit is its phase's; the
 * burst is sent at once and processed meanwhile. CI never runs it.
 */

/** What DynamoDB bills a refused conditional write of an item under 1 KB (it reports none). */
const REFUSED_WRITE_UNITS = 1;
const { values } = parseArgs({
  options: {
    deliveries: { type: 'string', default: '100' },
    burst: { type: 'string', default: '50' },
  },
});
const deliveries = Number(values.deliveries);
const burst = Number(values.burst);
if (!Number.isInteger(deliveries) || deliveries < 4) {
  throw new Error('--deliveries must be a whole number ≥ 4 (one of each kind)');
}
if (!Number.isInteger(burst) || burst < 1) throw new Error('--burst must be a whole number ≥ 1');
/** Open311 is one channel more, measured on a quarter as many deliveries. */
const open311Deliveries = Math.max(1, Math.round(deliveries / 4));

const config = loadDistrictConfigs().find((candidate) => candidate.district.id === 'lvyuan');
if (!config) throw new Error('config/districts/lvyuan.json is missing');
const household = demoHousehold(lvyuanDemoDistrict(), DEMO_HOUSEHOLD_ID);
const phone = household?.residents[0]?.phone;
if (!household || !phone) throw new Error(`demo household ${DEMO_HOUSEHOLD_ID} has no resident's phone`);

/** What a signed delivery says about whose request it is, so how processing places it. */
const HINTS = {
  id: { householdId: household.id },
  // As a form asks for it: without the country code.
  phone: { phone: phone.replace(/^\+86/, '') },
  address: { address: household.address },
  // No such building: community staff place it.
  triage: { address: '银融社区 99栋 9单元 909' },
};
type Kind = keyof typeof HINTS | 'open311';
const SIGNED_KINDS = Object.keys(HINTS) as (keyof typeof HINTS)[];
const PLACED: Record<Kind, Pick<NonNullable<StoredDelivery['outcome']>, 'placed' | 'by'>> = {
  id: { placed: 'household', by: 'id' },
  phone: { placed: 'household', by: 'phone' },
  address: { placed: 'household', by: 'address' },
  triage: { placed: 'triage' },
  open311: { placed: 'household', by: 'id' },
};

interface Delivery {
  kind: Kind;
  body: string;
}
interface Receipt {
  deliveryId: string;
  requestId: string;
}
interface Consumed {
  capacity: Capacity;
  /** Conditional writes DynamoDB refused: billed, but no response reports their units. */
  refusedWrites: number;
}
interface Acknowledged extends Consumed {
  ms: number;
}
interface Processed extends Acknowledged {
  kind: Kind;
  receipt: Receipt;
  processing: Capacity;
  transitions: number;
  smsSegments: number;
}

const mean = (items: readonly number[]) => items.reduce((sum, item) => sum + item, 0) / items.length;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const meanCapacity = (items: readonly Capacity[]): Capacity => ({
  read: mean(items.map((item) => item.read)),
  write: mean(items.map((item) => item.write)),
  calls: mean(items.map((item) => item.calls)),
});
const usdPerMillion = (capacity: Pick<Capacity, 'read' | 'write'>) =>
  capacity.read * DYNAMODB_ON_DEMAND.perMillion.read + capacity.write * DYNAMODB_ON_DEMAND.perMillion.write;

function latency(label: string, answers: readonly { ms: number }[]) {
  const sorted = answers.map((answer) => answer.ms).sort((a, b) => a - b);
  return {
    deliveries: label,
    n: sorted.length,
    'p50 ms': round(percentile(sorted, 50), 1),
    'p95 ms': round(percentile(sorted, 95), 1),
    'max ms': round(sorted.at(-1) ?? NaN, 1),
  };
}

console.log('Starting the local stack (DynamoDB Local, the demo district and partners) …');
const system = await new LocalSystem(config).start();
try {
  const intake = system.stack.demoIntake;
  if (!intake) throw new Error('the local stack seeded no demo partners');
  const db = system.stack.deps.table.db;
  const meter = new CapacityMeter(db);

  /**
   * The local API's calls are told from the stream's and the workflow's by the HTTP request they
   * run for (the server announces each before handling it). While a sequential delivery's answer is
   * on its way the others wait: the stream may pick the delivery up before the answer reaches us.
   */
  const answering = new AsyncLocalStorage<true>();
  subscribe('http.server.request.start', () => answering.enterWith(true));
  let answered = Promise.resolve();
  /**
   * Calls in flight, and conditional writes refused: DynamoDB bills those (by the stored item's
   * size, at least one unit) but its error carries no ConsumedCapacity, so the meter cannot see
   * them. Outside the meter, so a call has been counted by the time it is no longer in flight.
   */
  const calls = { inFlight: 0, refusedWrites: 0 };
  db.middlewareStack.add(
    (next) => async (args) => {
      if (!answering.getStore()) await answered;
      calls.inFlight += 1;
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) calls.refusedWrites += 1;
        throw error;
      } finally {
        calls.inFlight -= 1;
      }
    },
    { step: 'initialize', priority: 'high', name: 'benchCalls' },
  );
  /** What was consumed since the last call. */
  const take = (): Consumed => {
    const taken = { capacity: meter.take(), refusedWrites: calls.refusedWrites };
    calls.refusedWrites = 0;
    return taken;
  };

  const signed = (kind: keyof typeof HINTS, n: number): Delivery => ({
    kind,
    body: JSON.stringify({ submissionId: `bench-${n}`, description: `楼道灯不亮了 #${n}`, ...HINTS[kind] }),
  });
  const open311 = (n: number): Delivery => ({
    kind: 'open311',
    body: new URLSearchParams({
      api_key: intake.apiKey,
      service_code: 'repair',
      address_id: household.id,
      description: `楼道灯不亮了 #${n}`,
    }).toString(),
  });

  /** One delivery through the local API, timed from the request to the answer's last byte. */
  const send = async (delivery: Delivery): Promise<{ ms: number; receipt: Receipt }> => {
    const isOpen311 = delivery.kind === 'open311';
    const headers: Record<string, string> = isOpen311
      ? { 'content-type': 'application/x-www-form-urlencoded' }
      : // Partners sign with their own clock, not the local system's virtual one.
        {
          'sanzhang-signature': signatureHeader(
            intake.signedSecret,
            Math.floor(Date.now() / 1000),
            delivery.body,
          ),
        };
    const started = performance.now();
    const { status, body } = await system.call(
      'POST',
      isOpen311 ? '/open311/v2/requests.json' : `/intake/${DEMO_PARTNERS.signed}`,
      { rawBody: delivery.body, headers },
    );
    const ms = performance.now() - started;
    if (status !== (isOpen311 ? 201 : 202)) {
      throw new Error(`a ${delivery.kind} delivery was answered ${status}: ${JSON.stringify(body)}`);
    }
    if (!isOpen311) {
      return { ms, receipt: { deliveryId: String(body.deliveryId), requestId: String(body.requestId) } };
    }
    // Open311 answers a token, the delivery's id; the request's id is on the delivery.
    const [created] = body as unknown as { token: string }[];
    const stored = await getDelivery(system.observer, created?.token ?? '');
    if (!stored) throw new Error(`Open311 token ${created?.token} names no delivery`);
    return { ms, receipt: { deliveryId: stored.deliveryId, requestId: stored.requestId } };
  };

  /**
   * Until the delivery is processed and its workflow waits for the leader, with no call still in
   * flight (the table can show a write before its caller has the answer).
   */
  const processed = async (receipt: Receipt) => {
    await system.waitFor(receipt.requestId, 'AwaitLeader');
    while ((await getDelivery(system.observer, receipt.deliveryId))?.status !== 'processed') await sleep(5);
    while (calls.inFlight > 0) await sleep(5);
  };

  /** A new delivery, acknowledged and then processed alone, so each phase's units are its own. */
  const accepted = async (delivery: Delivery): Promise<Processed> => {
    take();
    let release = () => {};
    answered = new Promise((resolve) => (release = resolve));
    const { ms, receipt, acknowledged } = await send(delivery)
      .then((sent) => ({ ...sent, acknowledged: take() }))
      .finally(release);
    const smsBefore = system.outbox.length;
    await processed(receipt);
    const processing = take();
    const { outcome } = (await getDelivery(system.observer, receipt.deliveryId)) ?? {};
    const expected = PLACED[delivery.kind];
    if (outcome?.placed !== expected.placed || outcome.by !== expected.by) {
      throw new Error(`a ${delivery.kind} delivery was placed ${JSON.stringify(outcome)}`);
    }
    return {
      kind: delivery.kind,
      ms,
      receipt,
      ...acknowledged,
      processing: processing.capacity,
      transitions: system.workflow.transitionsOf(receipt.requestId),
      smsSegments: system.outbox
        .slice(smsBefore)
        .reduce((sum, message) => sum + smsSegments(message.text), 0),
    };
  };

  /** The same delivery again: the same receipt. */
  const duplicate = async (delivery: Delivery, first: Receipt): Promise<Acknowledged> => {
    take();
    const { ms, receipt } = await send(delivery);
    if (receipt.requestId !== first.requestId) throw new Error(`a duplicate became ${receipt.requestId}`);
    return { ms, ...take() };
  };

  /** Duplicates write nothing the stream passes on: nothing is processed after their answers. */
  const nothingProcessed = async (what: string) => {
    await system.streamHandled();
    const { capacity } = take();
    if (capacity.calls > 0)
      throw new Error(`${what} caused ${capacity.calls} DynamoDB calls after the answer`);
  };

  const sequentially = async <T, R>(items: readonly T[], run: (item: T, index: number) => Promise<R>) => {
    const results: R[] = [];
    for (const [index, item] of items.entries()) results.push(await run(item, index));
    return results;
  };

  // The stream's consumer places its iterators on its first poll: what is written before is not seen.
  await system.streamHandled();
  // Warm-up (JIT, connections, DynamoDB Local): one of each kind, not counted.
  await sequentially([...SIGNED_KINDS.map((kind, n) => signed(kind, -1 - n)), open311(-1)], accepted);

  console.log(`Sending ${deliveries} signed deliveries one at a time, each processed before the next …`);
  const signedSent = Array.from({ length: deliveries }, (_, n) => signed(SIGNED_KINDS[n % 4]!, n));
  const signedAccepted = await sequentially(signedSent, accepted);
  const signedDuplicates = await sequentially(signedSent, (delivery, n) =>
    duplicate(delivery, signedAccepted[n]!.receipt),
  );
  await nothingProcessed('a signed duplicate');

  console.log(`… ${open311Deliveries} Open311 POSTs the same way …`);
  const open311Sent = Array.from({ length: open311Deliveries }, (_, n) => open311(n));
  const open311Accepted = await sequentially(open311Sent, accepted);
  const open311Duplicates = await sequentially(open311Sent, (delivery, n) =>
    duplicate(delivery, open311Accepted[n]!.receipt),
  );
  await nothingProcessed('an Open311 duplicate');

  console.log(`… and ${burst} signed deliveries at once, then the same ${burst} again at once.`);
  const burstSent = Array.from({ length: burst }, (_, n) => signed(SIGNED_KINDS[n % 4]!, deliveries + n));
  take();
  const burstAccepted = await Promise.all(burstSent.map(send));
  for (const { receipt } of burstAccepted) await processed(receipt);
  const burstTotal = take();
  const burstDuplicates = await Promise.all(burstSent.map(send));
  if (burstDuplicates.some(({ receipt }, n) => receipt.requestId !== burstAccepted[n]!.receipt.requestId)) {
    throw new Error('a duplicate in the burst became another request');
  }
  const burstDuplicateTotal = take();
  await nothingProcessed('a duplicate in the burst');

  console.log('\nAcknowledgement latency (HTTP round trip on the local API):\n');
  console.table([
    latency('signed, accepted, one at a time', signedAccepted),
    latency('signed, duplicate, one at a time', signedDuplicates),
    latency(`signed, accepted, ${burst} at once`, burstAccepted),
    latency(`signed, duplicate, ${burst} at once`, burstDuplicates),
    latency('Open311, accepted, one at a time', open311Accepted),
    latency('Open311, duplicate, one at a time', open311Duplicates),
  ]);

  /**
   * A duplicate's refused Put is billed by the stored item's size on the table alone (a refused
   * write makes no index entry): one unit, the deliveries here being under 1 KB.
   */
  const acknowledgement = (first: Acknowledged[], again: Acknowledged[]) => {
    const acceptedUnits = meanCapacity(first.map((each) => each.capacity));
    const duplicateUnits = meanCapacity(again.map((each) => each.capacity));
    const refused = mean(again.map((each) => each.refusedWrites));
    return {
      accepted: acceptedUnits,
      duplicate: { ...duplicateUnits, write: duplicateUnits.write + refused * REFUSED_WRITE_UNITS },
      reported: duplicateUnits.write,
      refused,
    };
  };
  const signedAck = acknowledgement(signedAccepted, signedDuplicates);
  const open311Ack = acknowledgement(open311Accepted, open311Duplicates);
  const ackRow = (delivery: string, units: Capacity, reported: number, refused = 0) => ({
    delivery,
    'read units': round(units.read),
    'write units reported': round(reported),
    'refused conditional writes': round(refused),
    'write units billed': round(units.write),
    'DynamoDB calls': round(units.calls + refused),
  });
  console.log('\nDynamoDB capacity of the acknowledgement, per delivery (mean):\n');
  console.table([
    ackRow('signed, accepted', signedAck.accepted, signedAck.accepted.write),
    ackRow('signed, duplicate', signedAck.duplicate, signedAck.reported, signedAck.refused),
    ackRow('Open311, accepted', open311Ack.accepted, open311Ack.accepted.write),
    ackRow('Open311, duplicate', open311Ack.duplicate, open311Ack.reported, open311Ack.refused),
  ]);

  const allAccepted = [...signedAccepted, ...open311Accepted];
  const ofKind = (kind: Kind) => allAccepted.filter((each) => each.kind === kind);
  console.log(
    '\nAsynchronous processing, per accepted delivery (mean): the stream handlers (the delivery’s finds the\n' +
      'household, stores the request, marks the delivery processed; the request’s starts its workflow) and\n' +
      'the workflow up to AwaitLeader:\n',
  );
  console.table(
    (
      [
        ['id', 'household id'],
        ['phone', "a resident's phone"],
        ['address', 'address (walks the community’s tree)'],
        ['triage', 'nothing matched: triage'],
        ['open311', 'Open311 address_id (household id)'],
      ] as const
    ).map(([kind, label]) => {
      const rows = ofKind(kind);
      const units = meanCapacity(rows.map((each) => each.processing));
      return {
        'placed by': label,
        deliveries: rows.length,
        'read units': round(units.read),
        'write units': round(units.write),
        'DynamoDB calls': round(units.calls),
        'state transitions': round(mean(rows.map((each) => each.transitions))),
        'SMS segments': round(mean(rows.map((each) => each.smsSegments))),
      };
    }),
  );

  /** Acknowledgement and processing of one delivery, one at a time. */
  const whole = (each: Processed): Capacity => ({
    read: each.capacity.read + each.processing.read,
    write: each.capacity.write + each.processing.write,
    calls: each.capacity.calls + each.processing.calls,
  });
  const sameMix = meanCapacity(burstSent.map((delivery) => meanCapacity(ofKind(delivery.kind).map(whole))));
  const perDelivery = ({ capacity }: Consumed) =>
    `${round(capacity.read / burst)} read / ${round(capacity.write / burst)} write units`;
  console.log(
    `\n${burst} at once, per delivery, acknowledged and processed: ${perDelivery(burstTotal)} ` +
      `(one at a time, the same kinds: ${round(sameMix.read)} / ${round(sameMix.write)}); ` +
      `again at once: ${perDelivery(burstDuplicateTotal)} reported, ` +
      `${round(burstDuplicateTotal.refusedWrites / burst)} refused conditional write each.`,
  );

  const signedWhole = meanCapacity(signedAccepted.map(whole));
  const ratio = (a: number, b: number) => round(a / b, 3);
  const dollars = (capacity: Capacity) => `US$${round(usdPerMillion(capacity))}`;
  console.log(
    `\nA signed duplicate against an accepted delivery (on demand: $${DYNAMODB_ON_DEMAND.perMillion.read}/M read, ` +
      `$${DYNAMODB_ON_DEMAND.perMillion.write}/M write units):\n` +
      `  acknowledgement: ${ratio(signedAck.duplicate.read, signedAck.accepted.read)}× the read units, ` +
      `${ratio(signedAck.duplicate.write, signedAck.accepted.write)}× the write units billed, ` +
      `${ratio(usdPerMillion(signedAck.duplicate), usdPerMillion(signedAck.accepted))}× the cost\n` +
      `  against acknowledgement and processing (this run's mix of kinds): ` +
      `${ratio(usdPerMillion(signedAck.duplicate), usdPerMillion(signedWhole))}× the cost ` +
      `(${dollars(signedAck.duplicate)} against ${dollars(signedWhole)} a million deliveries)`,
  );
} finally {
  await system.stop();
}
