import { describe, expectTypeOf, it } from 'vitest';
import type { HierarchyNode, Household, PostChange } from '../../shared/domain/hierarchy.js';
import type { LedgerEntry, Transfer } from '../../shared/domain/ledger.js';
import type {
  ServiceProvider,
  ServiceRequest,
  TimelineEntry,
  RequestSummary,
} from '../../shared/domain/request.js';
import type { Redemption, Reward } from '../../shared/domain/reward-rules.js';
import * as nodes from '../../shared/http/contract/nodes.js';
import * as households from '../../shared/http/contract/households.js';
import * as points from '../../shared/http/contract/points.js';
import * as providers from '../../shared/http/contract/providers.js';
import * as requests from '../../shared/http/contract/requests.js';
import * as rewards from '../../shared/http/contract/rewards.js';
import * as settlements from '../../shared/http/contract/settlements.js';
import * as signIn from '../../shared/http/contract/sign-in.js';
import type { IssuedTokens } from '../../shared/services/sign-in/issue-tokens.js';
import type { Statement } from '../../shared/store/settlement-store.js';
import type * as z from '../../shared/zod.js';

/** A type with its intersections flattened, at every depth: what the two sides are compared as. */
type Flat<T> = T extends object ? { [K in keyof T]: Flat<T[K]> } : T;
type Documented<Schema extends z.ZodMiniType> = Flat<z.output<Schema>>;

/**
 * The response schemas have the very shape of the types the services answer with (checked by the
 * compiler, `npm run typecheck`): a field added to an entity without its documentation fails here,
 * even on a branch the response test does not reach (a dispatch, an intake origin).
 */
describe('the response schemas have the shapes of the entities', () => {
  it('requests', () => {
    expectTypeOf<Documented<typeof requests.serviceRequest>>().toEqualTypeOf<Flat<ServiceRequest>>();
    expectTypeOf<Documented<typeof requests.requestSummary>>().toEqualTypeOf<Flat<RequestSummary>>();
    expectTypeOf<Omit<Documented<typeof requests.timelineEntry>, 'requestId'>>().toEqualTypeOf<
      Flat<TimelineEntry>
    >();
  });
  it('points and rewards', () => {
    expectTypeOf<Documented<typeof points.ledgerEntry>>().toEqualTypeOf<Flat<LedgerEntry>>();
    expectTypeOf<Documented<typeof points.transfer>>().toEqualTypeOf<Flat<Transfer>>();
    expectTypeOf<Documented<typeof rewards.reward>>().toEqualTypeOf<Flat<Reward>>();
    expectTypeOf<Documented<typeof rewards.redemption>>().toEqualTypeOf<Flat<Redemption>>();
  });
  it('the district', () => {
    expectTypeOf<Documented<typeof nodes.hierarchyNode>>().toEqualTypeOf<Flat<HierarchyNode>>();
    expectTypeOf<Documented<typeof nodes.postChange>>().toEqualTypeOf<Flat<PostChange>>();
    expectTypeOf<Documented<typeof households.household>>().toEqualTypeOf<Flat<Household>>();
    expectTypeOf<Documented<typeof providers.provider>>().toEqualTypeOf<Flat<ServiceProvider>>();
    expectTypeOf<Documented<typeof settlements.statement>>().toEqualTypeOf<Flat<Statement>>();
    expectTypeOf<Documented<typeof signIn.issuedTokens>>().toEqualTypeOf<Flat<IssuedTokens>>();
  });
});
