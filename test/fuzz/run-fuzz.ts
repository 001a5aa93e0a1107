import fc from 'fast-check';
import { Agent, request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { matchRoute, MAX_PAYLOAD_BYTES } from '../../local/local-api.js';
import type { RouteKey } from '../../shared/http/contract/route-contract.js';
import { ROUTE_CONTRACTS } from '../../shared/http/contract/table.js';
import { REJECTIONS_KEPT_PER_HOUR } from '../../shared/store/delivery-store.js';
import type { FuzzTarget } from './fuzz-target.js';
import { fuzzRequest, type FuzzRequest } from './requests.js';
import { changedKeys, TableWrites, tableSnapshot, type TableWrite } from './table-writes.js';

/**
 * Distinct audit items one partner's rejected deliveries may leave in one run: the records kept in
 * an hour and that hour's counter (a run stays within the hour).
 */
export const AUDIT_BOUND = REJECTIONS_KEPT_PER_HOUR + 1;
const AUDIT_PREFIX = 'REJECTED#';
const ANSWER_TIMEOUT_MS = 15_000;

export interface FuzzOptions {
  cases: number;
  seed: number;
  /** Called after each case (progress for the long run). */
  onCase?: (index: number, outcome: CaseOutcome) => void;
}

export interface CaseOutcome {
  /** The seed that makes this case alone again: `npm run fuzz -- --seed <seed> --cases 1`. */
  seed: number;
  request: FuzzRequest;
  /** The HTTP status, or `error` when the connection failed. */
  status: number | 'error';
  problems: string[];
}

export interface FuzzReport {
  cases: number;
  byStatus: Record<string, number>;
  byRoute: Record<string, Record<string, number>>;
  failures: CaseOutcome[];
  /** Distinct audit items written per audit partition. */
  audit: Record<string, number>;
  milliseconds: number;
}

interface Answer {
  status: number | 'error';
  contentType: string;
  text: string;
}

/** Sends one request over the agent's kept-alive connection, exactly as generated (no re-encoding). */
function send(agent: Agent, port: number, fuzz: FuzzRequest): Promise<Answer> {
  return new Promise((resolve) => {
    const refused = (error: unknown) =>
      resolve({ status: 'error', contentType: '', text: `the client could not send it: ${String(error)}` });
    let call: ReturnType<typeof httpRequest>;
    try {
      // The length always framed: Node sends a GET's or DELETE's body unframed otherwise.
      const length =
        fuzz.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(fuzz.body)) };
      call = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: fuzz.method,
          path: fuzz.target,
          headers: { ...fuzz.headers, ...length },
          agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              contentType: String(response.headers['content-type'] ?? ''),
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', (error) => resolve({ status: 'error', contentType: '', text: String(error) }));
        },
      );
    } catch (error) {
      return refused(error);
    }
    call.setTimeout(ANSWER_TIMEOUT_MS, () => call.destroy(new Error('no answer in time')));
    call.on('error', (error) =>
      resolve({
        status: 'error',
        contentType: '',
        text: `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`,
      }),
    );
    call.end(fuzz.body);
  });
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** Whether the local server (as API Gateway) has a route for this method and path: a 404 elsewhere is the gateway's. */
const routeMatches = (method: string, target: string): boolean =>
  matchRoute(method, new URL(target, 'http://localhost').pathname) !== undefined;

/** API Gateway's own errors: `{"message": "…"}`, for a gateway's reason only. */
function gatewayMayAnswer(fuzz: FuzzRequest, status: number): boolean {
  if (status === 404) return !routeMatches(fuzz.method, fuzz.target);
  if (status === 401)
    return !fuzz.validToken && !fuzz.route.includes('/intake/') && !fuzz.route.includes('/open311/');
  if (status === 413) return Buffer.byteLength(fuzz.body ?? '') > MAX_PAYLOAD_BYTES;
  if (status === 400) return fuzz.gatewayMalformed;
  if (status === 431) return true;
  return false;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What is wrong with an error's body: problem+json, the gateway's shape, or Open311's errors document. */
function errorShapeProblems(
  fuzz: FuzzRequest,
  answer: Answer & { status: number },
  previous: number,
): string[] {
  if (!answer.contentType && !answer.text) {
    return [
      `bare ${answer.status} without a body from Node's HTTP server (request line or headers over its limits, or bytes the case before left on the connection) — previous case: seed ${previous}`,
    ];
  }
  const body = parseJson(answer.text);
  if (isObject(body) && typeof body.message === 'string' && Object.keys(body).length === 1) {
    return gatewayMayAnswer(fuzz, answer.status)
      ? []
      : [`gateway-shaped {"message"} ${answer.status} where the route should answer problem+json`];
  }
  if (fuzz.route.includes('/open311/')) {
    if (answer.contentType.includes('xml') && /<errors>[\s\S]*<\/errors>/.test(answer.text)) return [];
    const isOpen311Json =
      Array.isArray(body) &&
      body.length > 0 &&
      body.every(
        (error) => isObject(error) && typeof error.code === 'number' && typeof error.description === 'string',
      );
    if (answer.contentType.includes('json') && isOpen311Json) return [];
    // A malformed path or Host is refused before any route is known: problem+json, on every route.
    if (!(fuzz.gatewayMalformed && answer.status === 400)) {
      return [`not an Open311 errors document — ${answer.contentType || 'no content-type'}`];
    }
  }
  // An error the route documents with a body of its own (a leader's SMS link: the HTML page).
  const documented = ROUTE_CONTRACTS[fuzz.route as RouteKey]?.responses[answer.status]?.contentType;
  if (documented && answer.contentType === documented) return [];
  if (!answer.contentType.startsWith('application/problem+json')) {
    return [
      `error without problem+json — content-type "${answer.contentType}", body ${answer.text.slice(0, 80)}`,
    ];
  }
  if (!isObject(body)) return ['problem+json body is not a JSON object'];
  const missing = ['type', 'title'].filter((field) => typeof body[field] !== 'string');
  if (body.status !== answer.status) missing.push('status');
  return missing.length > 0 ? [`problem+json without ${missing.join(', ')}`] : [];
}

/**
 * The product's "unhandled error" log lines while a case runs: they name what a 500 came from
 * (the handlers log to stdout, as Lambda's do).
 */
function captureUnhandledErrors(): { take: () => string[]; stop: () => void } {
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  let lines: string[] = [];
  streams.forEach((stream, index) => {
    const original = originals[index] as (...args: unknown[]) => boolean;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      const text = String(chunk);
      if (text.includes('"unhandled error"')) {
        const logged = parseJson(text) as { error?: { name?: string; message?: string } } | undefined;
        lines.push(`${logged?.error?.name ?? 'Error'}: ${logged?.error?.message ?? text}`.slice(0, 160));
      }
      return original.call(this, chunk, ...rest);
    } as typeof stream.write;
  });
  return {
    take: () => {
      const taken = lines;
      lines = [];
      return taken;
    },
    stop: () => {
      streams.forEach((stream, index) => {
        stream.write = originals[index] as typeof stream.write;
      });
    },
  };
}

/** Where a 5xx came from: a handler (problem+json, the error it logged) or the local server itself. */
function serverErrorProblem(answer: Answer, logged: string[]): string {
  const fromHandler =
    answer.contentType.startsWith('application/problem+json') ||
    (/xml|^application\/json/.test(answer.contentType) && !answer.text.includes('"message"'));
  return fromHandler
    ? `${answer.status} from the handler (${logged[0] ?? 'nothing logged'})`
    : `${answer.status} from the local server itself (${answer.text.slice(0, 60) || 'no body'})`;
}

/** Waits until nothing more is written (the stream's consumers and the workflows an accepted request started). */
async function settle(target: FuzzTarget, writes: TableWrites): Promise<TableWrite[]> {
  const seen: TableWrite[] = [];
  for (let quiet = 0; quiet < 2;) {
    await target.system.streamHandled();
    const more = await writes.take();
    seen.push(...more);
    quiet = more.length === 0 ? quiet + 1 : 0;
    if (more.length === 0) await sleep(20);
  }
  return seen;
}

/**
 * Runs `cases` generated requests one after the other against the local API and checks each answer:
 * no 5xx, every error problem+json (or the gateway's or Open311's documented shape), and nothing
 * written by a refused request but bounded audit records of known partners. Case i is generated from
 * seed + i alone, so any case runs again by itself.
 */
export async function runFuzz(target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const { port } = new URL(target.system.url);
  const writes = await new TableWrites(target.system).start();
  await settle(target, writes);
  const before = await tableSnapshot(target.system);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const arbitrary = fuzzRequest(target.context);
  const report: FuzzReport = {
    cases: 0,
    byStatus: {},
    byRoute: {},
    failures: [],
    audit: {},
    milliseconds: 0,
  };
  const written = new Set<string>();
  const auditItems: Record<string, Set<string>> = {};
  const unhandled = captureUnhandledErrors();
  const failedWorkflows = target.system.failures.length;
  try {
    for (let index = 0; index < options.cases; index++) {
      const seed = options.seed + index;
      const [fuzz] = fc.sample(arbitrary, { seed, numRuns: 1 }) as [FuzzRequest];
      const answer = await send(agent, Number(port), fuzz);
      const accepted = typeof answer.status === 'number' && answer.status < 400;
      const caseWrites = accepted ? await settle(target, writes) : await writes.take();
      for (const write of caseWrites) written.add(write.key);
      const problems = [
        ...(answer.status === 'error' ? [`connection failed — ${answer.text}`] : []),
        ...(typeof answer.status === 'number' && answer.status >= 500
          ? [serverErrorProblem(answer, unhandled.take())]
          : []),
        ...(typeof answer.status === 'number' && answer.status >= 400 && answer.status < 500
          ? errorShapeProblems(fuzz, { ...answer, status: answer.status }, seed - 1)
          : []),
        ...(accepted ? [] : writeProblems(target, report, auditItems, caseWrites)),
      ];
      const outcome: CaseOutcome = { seed, request: fuzz, status: answer.status, problems };
      count(report, fuzz.route, String(answer.status));
      if (problems.length > 0) report.failures.push(outcome);
      options.onCase?.(index, outcome);
      unhandled.take();
    }
  } finally {
    unhandled.stop();
    agent.destroy();
  }
  await settle(target, writes).then((late) => late.forEach((write) => written.add(write.key)));
  const unseen = changedKeys(before, await tableSnapshot(target.system)).filter((key) => !written.has(key));
  writes.stop();
  if (unseen.length > 0) {
    report.failures.push(
      wholeRun(options.seed, `items changed that no case was seen writing: ${unseen.slice(0, 5).join('; ')}`),
    );
  }
  for (const failure of target.system.failures.slice(failedWorkflows)) {
    report.failures.push(
      wholeRun(options.seed, `workflow of ${failure.requestId} failed: ${String(failure.error)}`),
    );
  }
  report.milliseconds = Date.now() - started;
  return report;
}

/** A refused request writes nothing, but for audit records of a known partner, bounded. */
function writeProblems(
  target: FuzzTarget,
  report: FuzzReport,
  auditItems: Record<string, Set<string>>,
  caseWrites: TableWrite[],
): string[] {
  const problems: string[] = [];
  for (const write of caseWrites) {
    // A wrong sign-in code counts against the code it tried (the lockout): one item per phone.
    if (write.event === 'MODIFY' && /^SIGNIN#[^|]+ \| CODE$/.test(write.key)) continue;
    if (!write.key.startsWith(AUDIT_PREFIX)) {
      problems.push(
        `refused request wrote an item (${write.key.split('#')[0]}#…) — ${write.event} ${write.key.slice(0, 120)}`,
      );
      continue;
    }
    const partition = write.key.split(' | ')[0] ?? '';
    const partner = partition.slice(AUDIT_PREFIX.length);
    const items = (auditItems[partition] ??= new Set());
    const isNew = !items.has(write.key);
    items.add(write.key);
    report.audit[partition] = items.size;
    if (!target.knownPartners.includes(partner)) {
      problems.push(`audit record for a partner that does not exist — ${partition.slice(0, 120)}`);
    } else if (isNew && items.size === AUDIT_BOUND + 1) {
      problems.push(`audit records of ${partner} not bounded: over ${AUDIT_BOUND} in one run`);
    }
  }
  return problems;
}

function count(report: FuzzReport, route: string, status: string): void {
  report.cases += 1;
  report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
  const byStatus = (report.byRoute[route] ??= {});
  byStatus[status] = (byStatus[status] ?? 0) + 1;
}

/** A failure of the run as a whole rather than of one case. */
function wholeRun(seed: number, problem: string): CaseOutcome {
  const request = {
    route: '(whole run)',
    method: '',
    target: '',
    headers: {},
    shape: '',
    validToken: false,
    gatewayMalformed: false,
  };
  return { seed, request, status: 'error', problems: [problem] };
}
