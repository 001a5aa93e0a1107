import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARTNERS } from '../../demo/demo-intake.js';
import { signatureHeader } from '../../shared/services/intake/formats/sanzhang-webhook.js';
import { LocalSystem } from '../../local/local-system.js';
import { LEVELS } from '../../shared/config/vocabulary.js';
import { INTAKE_FORMATS } from '../../shared/domain/intake-submission.js';
import { logger } from '../../shared/logger.js';
import { METRIC } from '../../shared/runtime/metrics.js';
import { chainOf, config, district, household } from '../support/fixtures.js';

/**
 * Personal data never reaches the logs: a full run (a request through its whole lifecycle, an
 * escalation, refusals and conflicts, partners' deliveries placed, in triage and refused) with every log line captured, searched for every name and
 * phone number of the district. Its metrics are written too (EMF lines, as in Lambda), and no
 * dimension of theirs holds an id.
 */
const system = new LocalSystem(config);
const lines: string[] = [];
const streams = [process.stdout, process.stderr];
const originals = streams.map((stream) => stream.write.bind(stream));

beforeAll(async () => {
  await system.start();
  logger.setLogLevel('DEBUG');
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  streams.forEach((stream, index) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(String(chunk));
      return (originals[index] as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  });
});

afterAll(async () => {
  streams.forEach((stream, index) => {
    stream.write = originals[index] as typeof stream.write;
  });
  logger.setLogLevel('WARN');
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  await system.stop();
});

describe('the logs of a full run', () => {
  it('carry ids and states, and no name or phone number', async () => {
    const resident = household().residents[0]!.personId;
    const [unitLeader, buildingLeader] = chainOf().map((link) => link.post!.holderId) as [string, string];
    const submitted = await system.call('POST', '/requests', {
      as: resident,
      body: { category: 'repair', description: '我家电话13812345678,王大妈家门锁坏了' },
    });
    const id = String(submitted.body.id);
    await system.waitFor(id, 'AwaitLeader');
    await system.passDeadline(id);
    await system.waitFor(id, 'AwaitLeader');
    expect((await system.call('POST', `/requests/${id}/acknowledge`, { as: unitLeader })).status).toBe(409);
    await system.call('POST', `/requests/${id}/resolve`, {
      as: buildingLeader,
      body: { note: '已联系王大妈' },
    });
    await system.waitFor(id, 'AwaitResident');
    await system.call('POST', `/requests/${id}/confirm`, { as: resident, body: { rating: 5 } });
    await system.waitFor(id, 'Closed');
    await system.call('POST', '/requests', {
      as: resident,
      body: { category: 'ufo', description: '王大妈' },
    });
    // A partner's deliveries: one placed by its phone, one into triage, one refused.
    const signed = async (fields: Record<string, unknown>) => {
      const body = JSON.stringify(fields);
      const at = Math.floor(Date.now() / 1000);
      const secret = system.stack.demoIntake?.signedSecret ?? '';
      return system.call('POST', `/intake/${DEMO_PARTNERS.signed}`, {
        rawBody: body,
        headers: { 'sanzhang-signature': signatureHeader(secret, at, body) },
      });
    };
    const placed = await signed({
      submissionId: 'logs-1',
      phone: household().residents[0]!.phone,
      name: '王大妈',
      description: '王大妈说楼道灯坏了,电话13812345678',
    });
    const triaged = await signed({
      submissionId: 'logs-2',
      address: '王大妈家',
      name: '王大妈',
      description: '漏水',
    });
    expect((await signed({ submissionId: 'logs-3', name: '王大妈' })).status).toBe(400);
    await system.waitFor(String(placed.body.requestId), 'AwaitLeader');
    await system.waitFor(String(triaged.body.requestId), 'AwaitLeader');
    // The leaders' SMS are sent after the workflow wrote them: their logs count too.
    await system.streamHandled();

    const log = lines.join('');
    expect(log).toContain(id);
    expect(log).toContain('"request changed"');
    const phones = [...district.persons.map((person) => person.phone), '13812345678'];
    const names = [...district.persons.map((person) => person.name), '王大妈'];
    expect(phones.filter((phone) => log.includes(phone) || log.includes(phone.replace('+86', '')))).toEqual(
      [],
    );
    expect(names.filter((name) => log.includes(name))).toEqual([]);
  });

  it('write the contract’s metrics, each dimension from a bounded vocabulary and none an id', () => {
    const emf = lines
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: EmfMetadata });
    const written = new Set(emf.map((line) => line._aws.CloudWatchMetrics[0]!.Metrics[0]!.Name));
    expect([...written].filter((name) => !Object.values(METRIC).includes(name as never))).toEqual([]);
    for (const name of [
      METRIC.requestOpened,
      METRIC.escalation,
      METRIC.slaBreach,
      METRIC.resolvedInTime,
      METRIC.requestClosed,
      METRIC.intakeDelivery,
      METRIC.smsSent,
    ]) {
      expect(written).toContain(name);
    }
    const communities = district.nodes.filter((node) => node.type === 'community').map((node) => node.id);
    const vocabulary: Record<string, readonly string[]> = {
      service: ['sanzhang-local'],
      channel: ['resident', 'leader', 'staff', ...INTAKE_FORMATS],
      category: config.categories.map((category) => category.code),
      community: communities,
      level: LEVELS,
      cause: ['timeout', 'leader', 'vacancy'],
      outcome: ['accepted', 'duplicate', 'rejected'],
    };
    const outside = emf.flatMap((line) =>
      line._aws.CloudWatchMetrics[0]!.Dimensions.flat()
        .map((key) => [key, String(line[key])] as const)
        .filter(([key, value]) => !vocabulary[key]?.includes(value)),
    );
    expect(outside).toEqual([]);
  });
});

interface EmfMetadata {
  CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[];
}
