/** Days and months as the district counts them (Asia/Shanghai for every district today). */
const DISTRICT_ZONE = 'Asia/Shanghai';

/** The day (YYYY-MM-DD) an instant falls on in the district. */
export function districtDay(epochMs: number, timeZone = DISTRICT_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(epochMs));
}

/** A calendar day `days` after (or before, when negative) another. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The month (YYYY-MM) before the one an instant falls in: the last one a settlement can cover. */
export function previousMonth(epochMs: number, timeZone = DISTRICT_ZONE): string {
  const [year, month] = districtDay(epochMs, timeZone).split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}
