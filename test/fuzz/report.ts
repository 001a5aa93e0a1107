import type { CaseOutcome, FuzzReport } from './run-fuzz.js';

/** Failures grouped by status and what went wrong: one entry per kind, the routes it showed on, the seed of its first case. */
export function failureGroups(failures: CaseOutcome[]): string[] {
  const groups = new Map<string, { count: number; routes: Set<string>; first: CaseOutcome }>();
  for (const failure of failures) {
    for (const problem of failure.problems) {
      // A problem reads `<kind> — <this case's detail>`: cases group by kind.
      const kind = problem.split(' — ')[0] ?? problem;
      const key = `${failure.status}: ${kind}${suspects(failure)}`;
      const group = groups.get(key) ?? { count: 0, routes: new Set<string>(), first: failure };
      group.count += 1;
      group.routes.add(failure.request.route);
      groups.set(key, group);
    }
  }
  return [...groups.entries()].map(
    ([key, { count, routes, first }]) =>
      `${key} ×${count}\n    on ${[...routes].sort().join(', ')}\n` +
      `    e.g. seed ${first.seed}: ${first.request.method} ${first.request.target.slice(0, 160)}\n` +
      `    ${first.request.shape}\n    ${first.problems.join('; ').slice(0, 300)}`,
  );
}

/** The run's counts by status and by route, then the failures. */
export function formatReport(report: FuzzReport): string {
  const statuses = Object.entries(report.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status}: ${n}`)
    .join('  ');
  const routes = Object.entries(report.byRoute)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([route, byStatus]) =>
        `  ${route.padEnd(46)} ${Object.entries(byStatus)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([status, n]) => `${status}×${n}`)
          .join(' ')}`,
    );
  const audit = Object.entries(report.audit).map(([partition, n]) => `  ${partition}: ${n}`);
  return [
    `${report.cases} cases in ${(report.milliseconds / 1000).toFixed(1)} s — by status: ${statuses}`,
    'by route:',
    ...routes,
    ...(audit.length > 0 ? ['audit items written:', ...audit] : []),
    `${report.failures.length} failing cases${report.failures.length > 0 ? ', by kind:' : ''}`,
    ...failureGroups(report.failures),
  ].join('\n');
}

/** What in a case's making is likely to have caused it, for grouping: the tags of its shape that break things. */
function suspects(failure: CaseOutcome): string {
  const { shape, target } = failure.request;
  const tags = [
    ...(shape.includes('host=bad') ? ['malformed Host'] : []),
    ...(shape.includes('bad-encoding') ? ['bad percent-encoding'] : []),
    ...(target.length > 1000 ? ['id or query over 1,000 characters'] : []),
    ...(shape.includes('body=oversized') ? ['oversized body'] : []),
  ];
  return tags.length > 0 ? ` [${tags.join(', ')}]` : '';
}
