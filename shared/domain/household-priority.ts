import type { DistrictConfig } from '../config/district-config.js';
import { PRIORITIES, type Priority } from '../config/vocabulary.js';

/**
 * The priority a request runs at: what the resident chose, raised by the district's tag rules
 * for the household (an elderly person living alone gets `high` whatever they chose), never lowered.
 * Returns the tag that raised it, for the timeline.
 */
export function effectivePriority(
  requested: Priority,
  householdTags: readonly string[],
  rules: DistrictConfig['tagPriorities'],
): { priority: Priority; raisedBy?: string } {
  let result: { priority: Priority; raisedBy?: string } = { priority: requested };
  for (const tag of householdTags) {
    const floor = rules?.[tag];
    if (floor && PRIORITIES.indexOf(floor) > PRIORITIES.indexOf(result.priority)) {
      result = { priority: floor, raisedBy: tag };
    }
  }
  return result;
}
