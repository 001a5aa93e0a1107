import type { DistrictConfig } from '../../config/district-config.js';
import {
  LEVEL_NAMES_ZH,
  LEVEL_PLACE_NAMES_ZH,
  LEVELS,
  PRIORITIES,
  PRIORITY_NAMES_ZH,
} from '../../config/vocabulary.js';
import { householdTags } from '../../domain/hierarchy-rules.js';
import { STATS_MAX_DAYS, TIME_TO_ACKNOWLEDGE_BUCKETS } from '../../domain/request-tally.js';

/**
 * What the pages label and choose with, from the district's config and the vocabulary: nothing
 * about people, so any signed-in caller may read it.
 */
export function districtProfile(config: DistrictConfig) {
  const { points } = config;
  return {
    id: config.district.id,
    name: config.district.name,
    timeZone: config.district.timeZone,
    categories: config.categories.map(({ code, name }) => ({ code, name })),
    priorities: PRIORITIES.map((code) => ({ code, name: PRIORITY_NAMES_ZH[code] })),
    levels: LEVELS.map((code) => ({
      code,
      name: LEVEL_PLACE_NAMES_ZH[code],
      postName: LEVEL_NAMES_ZH[code],
    })),
    householdTags: householdTags(config.householdTags),
    tagPriorities: config.tagPriorities ?? {},
    serviceCalendar: {
      dailyHours: config.serviceCalendar.dailyHours,
      workdays: config.serviceCalendar.workdays,
    },
    quietHours: config.sms.quietHours,
    points: {
      resolve: points.resolve,
      acknowledgeWithinSla: points.acknowledgeWithinSla,
      resolveWithinSla: points.resolveWithinSla,
      ratingBonus: points.ratingBonus,
      perVolunteerHour: points.perVolunteerHour,
      breachedSla: points.breachedSla,
      maxAward: points.maxAward,
    },
    stats: { maxDays: STATS_MAX_DAYS, timeToAcknowledgeBuckets: [...TIME_TO_ACKNOWLEDGE_BUCKETS] },
  };
}
