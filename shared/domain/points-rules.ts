import type { DistrictConfig } from '../config/district-config.js';
import { ISSUING_ACCOUNT, leaderAccount, type Transfer } from './ledger.js';
import type { ServiceRequest } from './request.js';

/** Points one leader earns for a closed request; one ledger transfer each. */
export interface PointsAward {
  personId: string;
  name: string;
  points: number;
  reasons: string[];
}

/**
 * Every leader who acknowledged within the SLA earns the acknowledgement points; the leader who
 * resolved earns the resolution points, a bonus for resolving within the SLA, and the rating bonus.
 * A leader the request serves (`served`: who raised it and its household's residents) earns nothing.
 */
export function closingAwards(
  request: ServiceRequest,
  rules: DistrictConfig['points'],
  served: ReadonlySet<string>,
): PointsAward[] {
  const awards = new Map<string, PointsAward>();
  const add = (personId: string, name: string, points: number, reason: string) => {
    if (points <= 0 || served.has(personId)) return;
    const award = awards.get(personId) ?? { personId, name, points: 0, reasons: [] };
    award.points += points;
    award.reasons.push(reason);
    awards.set(personId, award);
  };
  for (const handler of request.handlers) {
    if (handler.acknowledgedWithinSla) {
      add(handler.personId, handler.name, rules.acknowledgeWithinSla, 'acknowledged-within-sla');
    }
    if (handler.resolvedAt) {
      add(handler.personId, handler.name, rules.resolve, 'resolved');
      if (handler.resolvedWithinSla)
        add(handler.personId, handler.name, rules.resolveWithinSla, 'resolved-within-sla');
      const ratingKey = String(request.rating ?? '') as keyof typeof rules.ratingBonus;
      const bonus = rules.ratingBonus[ratingKey];
      if (bonus !== undefined) add(handler.personId, handler.name, bonus, `rated-${request.rating}`);
    }
  }
  return [...awards.values()];
}

/**
 * Who missed a deadline on a closed request, and what that costs them (config `breachedSla`; 0 is
 * none): a late acknowledgement, a late resolution, or the request taken away by a timeout. One
 * deduction per leader, whatever they missed; the ledger never takes a balance below zero.
 */
export function breachDeductions(request: ServiceRequest, rules: DistrictConfig['points']): PointsAward[] {
  if (rules.breachedSla <= 0) return [];
  const breached = request.handlers.filter(
    (handler) =>
      handler.missedDeadline ||
      handler.acknowledgedWithinSla === false ||
      handler.resolvedWithinSla === false,
  );
  const once = new Map(breached.map((handler) => [handler.personId, handler]));
  return [...once.values()].map((handler) => ({
    personId: handler.personId,
    name: handler.name,
    points: rules.breachedSla,
    reasons: ['breached-sla'],
  }));
}

/**
 * The transfer paying a closing award, from the issuing account to the leader: one id per request
 * and leader, so a close committed twice pays once. The memo carries what the monthly settlement
 * reads: the request's community, the reasons and, on the resolver's award, the resident's rating.
 */
export function closingTransfer(request: ServiceRequest, award: PointsAward): Transfer {
  return {
    id: `close:${request.id}:${award.personId}`,
    from: ISSUING_ACCOUNT,
    to: leaderAccount(award.personId),
    amount: award.points,
    at: request.updatedAt,
    memo: {
      requestId: request.id,
      reasons: award.reasons,
      community: request.ancestors.community,
      ...(award.reasons.includes('resolved') && request.rating !== undefined
        ? { rating: request.rating }
        : {}),
    },
  };
}

/**
 * A breached-SLA deduction as the ledger takes it back to the issuing account (the amount is what
 * the leader's balance allows then): one id per request and leader, so a replay takes nothing twice.
 */
export function breachTransfer(
  request: ServiceRequest,
  deduction: PointsAward,
): Omit<Transfer, 'from' | 'to' | 'amount'> {
  return {
    id: `breach:${request.id}:${deduction.personId}`,
    at: request.updatedAt,
    memo: { requestId: request.id, reasons: deduction.reasons, community: request.ancestors.community },
  };
}
