import { LEVEL_NAMES, nameOf } from '../common/labels';

/** Who holds a request now, as a resident reads it: 单元长 张三, or the level alone when its post is vacant. */
export function holderText(request: {
  status: string;
  level: string;
  assignee?: { holderName: string };
}): string {
  if (request.status === 'closed') return '已办结';
  const level = nameOf(LEVEL_NAMES, request.level);
  return request.assignee ? `${level} ${request.assignee.holderName}` : level;
}

/** A status tag's colours: dark text on a light ground (readable for older eyes, AA contrast). */
export function statusColours(status: string): { color: string; textColor: string } {
  if (status === 'resolved') return { color: '#fff1d6', textColor: '#7a4100' };
  if (status === 'closed') return { color: '#e3f4e6', textColor: '#1a5e2c' };
  return { color: '#e6efff', textColor: '#0b4a9e' };
}
