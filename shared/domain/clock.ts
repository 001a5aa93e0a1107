/** Time is a dependency: Lambda uses the wall clock, the local demo a faster one, tests a manual one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock running `scale` times faster than the wall clock from now on: SLA hours pass in seconds in a demo. */
export function scaledClock(scale: number, wallClock: () => number = Date.now): Clock {
  const start = wallClock();
  return { now: () => new Date(start + (wallClock() - start) * scale) };
}

/** A clock that moves only when told to (tests). */
export class ManualClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }

  set(at: Date): void {
    this.current = new Date(at);
  }
}
