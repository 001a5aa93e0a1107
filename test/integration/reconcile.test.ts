import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARTNERS } from '../../demo/demo-intake.js';
import { signatureHeader } from '../../shared/services/intake/formats/sanzhang-webhook.js';
import { reconcile, STALE_MINUTES } from '../../shared/services/lifecycle/reconcile-requests.js';
import { LocalSystem } from '../../local/local-system.js';
import { getDelivery } from '../../shared/store/delivery-store.js';
import { config, household } from '../support/fixtures.js';

/**
 * When the table's stream gives up (here: it is not consumed at all), the reconciler finishes from
 * the table what it left: a stored delivery becomes a request, a request gets its workflow; run
 * again, it changes nothing.
 */
const system = new LocalSystem(config);

beforeAll(async () => {
  await system.start();
  await system.stack.tableStream.stop();
}, 120_000);
afterAll(() => system.stop());

describe('the reconciler', () => {
  it('turns a stored delivery into a request and starts the workflows the stream did not', async () => {
    const resident = household().residents[0]!;
    const submitted = await system.call('POST', '/requests', {
      as: resident.personId,
      body: { category: 'repair', description: '门禁坏了' },
    });
    expect(submitted.status).toBe(201);
    const appRequest = String(submitted.body.id);
    const body = JSON.stringify({ submissionId: 'rc-1', phone: resident.phone, description: '楼道灯坏了' });
    const delivered = await system.call('POST', `/intake/${DEMO_PARTNERS.signed}`, {
      rawBody: body,
      headers: {
        'sanzhang-signature': signatureHeader(
          system.stack.demoIntake?.signedSecret ?? '',
          Math.floor(Date.now() / 1000),
          body,
        ),
      },
    });
    expect(delivered.status).toBe(202);
    const deliveryId = String(delivered.body.deliveryId);
    const partnerRequest = String(delivered.body.requestId);
    expect(system.workflow.waitingOn(appRequest)).toBeUndefined();

    // Not yet: the stream may still be on its way.
    expect(await reconcile(system.stack.deps)).toEqual({ deliveries: 0, lifecycles: 0 });

    system.clock.set(new Date(system.clock.now().getTime() + (STALE_MINUTES + 1) * 60_000));
    expect(await reconcile(system.stack.deps)).toEqual({ deliveries: 1, lifecycles: 1 });
    await system.waitFor(appRequest, 'AwaitLeader');
    await system.waitFor(partnerRequest, 'AwaitLeader');
    expect(await getDelivery(system.observer, deliveryId)).toMatchObject({
      status: 'processed',
      outcome: { placed: 'household', by: 'phone' },
    });

    expect(await reconcile(system.stack.deps)).toEqual({ deliveries: 0, lifecycles: 0 });
  });
});
