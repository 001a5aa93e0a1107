/** Time is a dependency: Lambda uses the wall clock, the local demo a faster one, tests a manual one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
