/**
 * W3C date-times (www.w3.org/TR/NOTE-datetime) with the time zone the GeoReport spec makes
 * mandatory: 2010-01-01T00:00:00Z, 2010-01-01T08:00+08:00, 2010-01-01T00:00:00.5-05:00. A space
 * stands for "+": an unencoded "+08:00" in a query string arrives as " 08:00".
 */
const W3C_DATETIME =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})T(?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?<fraction>\.\d+)?)?(?:Z|(?<sign>[+ -])(?<zoneHour>\d{2}):(?<zoneMinute>\d{2}))$/;

/** The instant, or undefined when the text is not a W3C date-time with a zone or names no real day. */
export function parseW3cDateTime(text: string): Date | undefined {
  const parts = W3C_DATETIME.exec(text)?.groups;
  if (!parts) return undefined;
  const { year, month, day, hour, minute, second = '00', fraction = '', sign, zoneHour, zoneMinute } = parts;
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  const fits =
    between(month, 1, 12) &&
    between(day, 1, daysInMonth) &&
    between(hour, 0, 23) &&
    between(minute, 0, 59) &&
    between(second, 0, 59) &&
    between(zoneHour ?? '0', 0, 23) &&
    between(zoneMinute ?? '0', 0, 59);
  if (!fits) return undefined;
  const zone = sign === undefined ? 'Z' : `${sign === '-' ? '-' : '+'}${zoneHour}:${zoneMinute}`;
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${zone}`);
}

function between(part: string | undefined, min: number, max: number): boolean {
  const value = Number(part);
  return value >= min && value <= max;
}

/** How every date-time leaves us: UTC to the second, as in the spec's examples (2010-01-01T00:00:00Z). */
export function w3cDateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
