import { LEVELS } from '../../config/vocabulary.js';
import {
  counter,
  isoWeekOf,
  LATER_BUCKET,
  NO_GRID,
  TIME_TO_ACKNOWLEDGE_BUCKETS,
} from '../../domain/request-tally.js';
import { addDays } from '../../domain/time-zone.js';
import type { StoredTally } from '../../store/tally-store.js';

/** The tallies of a window added up into the four charts. Shares are of the requests closed after leaders held them. */

const sum = (tallies: readonly StoredTally[], name: string) =>
  tallies.reduce((total, tally) => total + (tally.counts[name] ?? 0), 0);

const share = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;

function slaByGrid(tallies: readonly StoredTally[], gridNames: ReadonlyMap<string, string>) {
  const byGrid = Map.groupBy(tallies, (tally) => `${tally.communityId}#${tally.grid}`);
  return [...byGrid.values()]
    .map((ofGrid) => {
      const { communityId, grid } = ofGrid[0] as StoredTally;
      const closed = sum(ofGrid, counter.closedHandled);
      const acknowledgedOnTime = sum(ofGrid, counter.acknowledgedOnTime);
      const resolvedOnTime = sum(ofGrid, counter.resolvedOnTime);
      return {
        communityId,
        grid: grid === NO_GRID ? null : grid,
        name: gridNames.get(grid) ?? null,
        raised: sum(ofGrid, counter.raised),
        closed,
        acknowledgedOnTime,
        resolvedOnTime,
        acknowledgedOnTimeShare: share(acknowledgedOnTime, closed),
        resolvedOnTimeShare: share(resolvedOnTime, closed),
      };
    })
    .sort((a, b) => `${a.communityId}#${a.grid}`.localeCompare(`${b.communityId}#${b.grid}`));
}

function timeToAcknowledge(tallies: readonly StoredTally[]) {
  return [...TIME_TO_ACKNOWLEDGE_BUCKETS.map(String), LATER_BUCKET].map((bucket) => ({
    bucket,
    withinMinutes: bucket === LATER_BUCKET ? null : Number(bucket),
    count: sum(tallies, counter.acknowledgedWithin(bucket)),
  }));
}

/** Every ISO week the window touches, in order, each with its raised requests by category (zeros included). */
function categoriesByWeek(
  tallies: readonly StoredTally[],
  window: { from: string; to: string },
  codes: string[],
) {
  const weeks: string[] = [];
  for (let day = window.from; day <= window.to; day = addDays(day, 1)) {
    const week = isoWeekOf(day);
    if (weeks.at(-1) !== week) weeks.push(week);
  }
  const byWeek = Map.groupBy(tallies, (tally) => isoWeekOf(tally.day));
  return weeks.map((week) => {
    const ofWeek = byWeek.get(week) ?? [];
    return {
      week,
      total: sum(ofWeek, counter.raised),
      counts: Object.fromEntries(codes.map((code) => [code, sum(ofWeek, counter.raisedIn(code))])),
    };
  });
}

export function summarizeTallies(
  tallies: readonly StoredTally[],
  context: {
    window: { from: string; to: string };
    categories: string[];
    gridNames: ReadonlyMap<string, string>;
  },
) {
  return {
    totals: {
      raised: sum(tallies, counter.raised),
      closed: sum(tallies, counter.closed),
      closedHandled: sum(tallies, counter.closedHandled),
      acknowledgedOnTime: sum(tallies, counter.acknowledgedOnTime),
      resolvedOnTime: sum(tallies, counter.resolvedOnTime),
    },
    slaByGrid: slaByGrid(tallies, context.gridNames),
    timeToAcknowledge: timeToAcknowledge(tallies),
    categoriesByWeek: categoriesByWeek(tallies, context.window, context.categories),
    escalationsByLevel: LEVELS.slice(1).map((level) => ({
      level,
      count: sum(tallies, counter.escalatedTo(level)),
    })),
  };
}
