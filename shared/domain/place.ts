import type { Level } from '../config/vocabulary.js';

/** The ids of a place's ancestors, by level; a household has all five. */
export type Ancestors = Partial<Record<Level, string>>;

/** A place in the district: a node, a household or a request, by its ancestors. */
export interface Place {
  householdId?: string;
  ancestors: Ancestors;
}
