/** A `GET /stats/requests` answer as the console-api contract describes it: two grids, two weeks. */
export const STATS = {
  from: '2026-11-16',
  to: '2026-11-29',
  communities: ['C1'],
  totals: { raised: 9, closed: 6, closedHandled: 5, acknowledgedOnTime: 4, resolvedOnTime: 3 },
  slaByGrid: [
    {
      communityId: 'C1',
      grid: 'G1',
      name: '幸福里一网格',
      raised: 6,
      closed: 4,
      acknowledgedOnTime: 4,
      resolvedOnTime: 3,
      acknowledgedOnTimeShare: 1,
      resolvedOnTimeShare: 0.75,
    },
    {
      communityId: 'C1',
      grid: null,
      name: null,
      raised: 3,
      closed: 0,
      acknowledgedOnTime: 0,
      resolvedOnTime: 0,
      acknowledgedOnTimeShare: null,
      resolvedOnTimeShare: null,
    },
  ],
  timeToAcknowledge: [
    { bucket: '15', withinMinutes: 15, count: 2 },
    { bucket: '60', withinMinutes: 60, count: 1 },
    { bucket: '1440', withinMinutes: 1440, count: 1 },
    { bucket: 'later', withinMinutes: null, count: 1 },
  ],
  categoriesByWeek: [
    { week: '2026-W47', total: 5, counts: { repair: 3, noise: 2 } },
    { week: '2026-W48', total: 4, counts: { repair: 4, noise: 0 } },
  ],
  escalationsByLevel: [
    { level: 'building', count: 2 },
    { level: 'grid', count: 1 },
    { level: 'community', count: 0 },
    { level: 'street', count: 0 },
  ],
};
