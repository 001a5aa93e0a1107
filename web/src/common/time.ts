import { onBeforeUnmount, ref, type Ref } from 'vue';

/**
 * The server's clock, as the pages see it. Every API response carries a `Date` header; the page
 * keeps the last one and advances it at the deployment's time scale (1 when deployed; the local run
 * speeds SLAs up, and its API dates its answers in that virtual time). A phone's own clock is never
 * trusted for a deadline.
 */
export class ServerClock {
  private serverAt: number;
  private observedAt: number;

  constructor(
    private readonly timeScale = 1,
    private readonly realNow: () => number = Date.now,
  ) {
    // Until the first answer, the phone's clock is all there is.
    this.serverAt = this.observedAt = realNow();
  }

  /** A response's `Date` header (second precision): the server's time when it answered. */
  observe(dateHeader: string | null): void {
    const at = dateHeader ? Date.parse(dateHeader) : NaN;
    if (Number.isNaN(at)) return;
    this.serverAt = at;
    this.observedAt = this.realNow();
  }

  now(): number {
    return this.serverAt + (this.realNow() - this.observedAt) * this.timeScale;
  }
}

export interface Countdown {
  overdue: boolean;
  /** 剩余 1小时05分 / 已超时 12分 */
  text: string;
  /** Milliseconds left (negative once overdue). */
  left: number;
}

function duration(milliseconds: number): string {
  const minutes = Math.floor(milliseconds / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days}天${hours}小时`;
  if (hours > 0) return `${hours}小时${String(rest).padStart(2, '0')}分`;
  if (minutes > 0) return `${rest}分`;
  return '不到1分';
}

/** How long until a deadline, or how long past it, in words a resident reads. */
export function countdown(deadline: string, now: number): Countdown {
  const left = Date.parse(deadline) - now;
  return left >= 0
    ? { overdue: false, text: `剩余 ${duration(left)}`, left }
    : { overdue: true, text: `已超时 ${duration(-left)}`, left };
}

/** The server's now, ticking every second while the component lives (a live SLA countdown). */
export function useNow(clock: ServerClock): Ref<number> {
  const now = ref(clock.now());
  const timer = setInterval(() => (now.value = clock.now()), 1000);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}

/** 12月2日 14:05, in the district's zone (Asia/Shanghai for every district today). */
export function formatTime(iso: string, timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}
