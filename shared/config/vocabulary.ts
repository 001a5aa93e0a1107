/** The five levels a request climbs, in escalation order (单元长 → 楼栋长 → 网格长 → 社区 → 街道). */
export const LEVELS = ['unit', 'building', 'grid', 'community', 'street'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_NAMES_ZH: Record<Level, string> = {
  unit: '单元长',
  building: '楼栋长',
  grid: '网格长',
  community: '社区',
  street: '街道',
};

export const PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_NAMES_ZH: Record<Priority, string> = { normal: '一般', high: '较急', urgent: '紧急' };

/** The tags every district records; a district adds its own in its config (`householdTags`). */
export const STANDARD_HOUSEHOLD_TAGS = ['独居老人', '残疾', '低保', '重点关注'] as const;
