/** What the leader's page decides on its own: which buttons to show, in which order to list. The API still decides. */

export type LeaderAction = 'acknowledge' | 'resolve' | 'escalate' | 'dispatch';

/** The actions the holder of a request may take in each status (shared/domain/lifecycle.ts, dispatch.ts). */
const ACTIONS_BY_STATUS: Record<string, LeaderAction[]> = {
  assigned: ['acknowledge', 'resolve', 'escalate', 'dispatch'],
  acknowledged: ['resolve', 'escalate', 'dispatch'],
};

export function leaderActions(
  request: { status: string; assignee?: { holderId: string } },
  personId: string | undefined,
): LeaderAction[] {
  if (!personId || request.assignee?.holderId !== personId) return [];
  return ACTIONS_BY_STATUS[request.status] ?? [];
}

/** Statuses whose deadline is someone's to meet; a resolved request waits on the resident. */
const ON_THE_CLOCK = new Set(['triage', 'submitted', 'assigned', 'acknowledged', 'dispatched', 'escalating']);

export const isOnTheClock = (status: string) => ON_THE_CLOCK.has(status);

const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2 };

interface Listed {
  status: string;
  deadline: string;
  priority: string;
  createdAt: string;
}

/** Most urgent first: what is on the clock before what waits on the resident, then the nearest deadline. */
export function byUrgency(a: Listed, b: Listed): number {
  return (
    Number(!isOnTheClock(a.status)) - Number(!isOnTheClock(b.status)) ||
    Date.parse(a.deadline) - Date.parse(b.deadline) ||
    (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9) ||
    Date.parse(b.createdAt) - Date.parse(a.createdAt)
  );
}

/** A number the API sent in full (the privacy rules let this caller call it); masked ones have stars. */
export const isCallable = (phone: string | undefined): phone is string =>
  phone !== undefined && /^\+?\d{5,}$/.test(phone);

/** The deepest place a request has: where the providers who may serve it are looked up. */
export function placeOf(ancestors: Record<string, string | undefined>): string | undefined {
  return ancestors.unit ?? ancestors.building ?? ancestors.grid ?? ancestors.community;
}
