import type { CaseOutcome, FuzzReport } from './run-fuzz.js';

/** Failures grouped by route, status and what went wrong: one line per kind, with the seed of its first case. */
export function failureGroups(failures: CaseOutcome[]): string[] {
  const groups = new Map<string, { count: number; first: CaseOutcome }>();
  for (const failure of failures) {
    for (const problem of failure.problems) {
      const kind = problem.replace(/[:(].*$/s, '').trim();
      const key = `${failure.request.route} → ${failure.status}: ${kind}`;
      const group = groups.get(key);
      if (group) group.count += 1;
      else groups.set(key, { count: 1, first: failure });
    }
  }
  return [...groups.entries()].map(
    ([key, { count, first }]) =>
      `${key} ×${count}\n    e.g. seed ${first.seed}: ${first.request.method} ${first.request.target.slice(0, 160)}\n` +
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
