import { describe, expect, it } from 'vitest';
import { matchesFilterPolicy, type MessageAttribute } from '../../local/sns-filter-policy.js';

const text = (value: string): MessageAttribute => ({ DataType: 'String', StringValue: value });
const list = (values: unknown[]): MessageAttribute => ({
  DataType: 'String.Array',
  StringValue: JSON.stringify(values),
});
const number = (value: number | string): MessageAttribute => ({
  DataType: 'Number',
  StringValue: String(value),
});

// The examples are AWS's (Amazon SNS Developer Guide, "Amazon SNS message filtering").
describe('SNS filter policies on message attributes, as the local topic plays them', () => {
  it('matches a string exactly, case-sensitively, and each element of a String.Array', () => {
    const policy = { customer_interests: ['rugby', 'tennis'] };
    expect(matchesFilterPolicy(policy, { customer_interests: text('rugby') })).toBe(true);
    expect(matchesFilterPolicy(policy, { customer_interests: text('tennis') })).toBe(true);
    expect(matchesFilterPolicy(policy, { customer_interests: list(['rugby', 'tennis']) })).toBe(true);
    expect(matchesFilterPolicy(policy, { customer_interests: list(['baseball', 'tennis']) })).toBe(true);
    expect(matchesFilterPolicy(policy, { customer_interests: text('baseball') })).toBe(false);
    expect(matchesFilterPolicy(policy, { customer_interests: list(['baseball']) })).toBe(false);
    expect(matchesFilterPolicy(policy, { customer_interests: text('Rugby') })).toBe(false);
  });

  it("needs every key to match (AND) and any of a key's conditions (OR)", () => {
    const policy = { store: ['example_corp'], event: ['order_placed', 'order_cancelled'] };
    expect(matchesFilterPolicy(policy, { store: text('example_corp'), event: text('order_cancelled') })).toBe(
      true,
    );
    expect(matchesFilterPolicy(policy, { store: text('example_corp'), event: text('order_shipped') })).toBe(
      false,
    );
    expect(matchesFilterPolicy(policy, { event: text('order_placed') })).toBe(false);
  });

  it('takes alternative sub-policies under $or', () => {
    const policy = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
    };
    expect(matchesFilterPolicy(policy, { source: text('aws.cloudwatch'), namespace: text('AWS/EC2') })).toBe(
      true,
    );
    expect(
      matchesFilterPolicy(policy, { source: text('aws.cloudwatch'), metricName: text('CPUUtilization') }),
    ).toBe(true);
    expect(matchesFilterPolicy(policy, { source: text('aws.cloudwatch'), namespace: text('AWS/RDS') })).toBe(
      false,
    );
  });

  it('matches anything but the listed values, and an array that holds some other value', () => {
    const policy = { customer_interests: [{ 'anything-but': ['rugby', 'tennis'] }] };
    expect(matchesFilterPolicy(policy, { customer_interests: text('baseball') })).toBe(true);
    expect(matchesFilterPolicy(policy, { customer_interests: list(['rugby', 'baseball']) })).toBe(true);
    expect(matchesFilterPolicy(policy, { customer_interests: text('rugby') })).toBe(false);
    expect(matchesFilterPolicy(policy, { customer_interests: list(['rugby', 'tennis']) })).toBe(false);
    expect(matchesFilterPolicy(policy, {}), 'an absent attribute').toBe(false);
    expect(matchesFilterPolicy({ price: [{ 'anything-but': [100, 500] }] }, { price: number(101) })).toBe(
      true,
    );
    expect(matchesFilterPolicy({ price: [{ 'anything-but': [100, 500] }] }, { price: number(100) })).toBe(
      false,
    );
    expect(matchesFilterPolicy({ price: [{ 'anything-but': [100, 500] }] }, { price: list([100, 50]) })).toBe(
      true,
    );
    expect(
      matchesFilterPolicy(
        { event: [{ 'anything-but': 'order_cancelled' }] },
        { event: text('order_placed') },
      ),
    ).toBe(true);
    const notOrders = { event: [{ 'anything-but': { prefix: 'order-' } }] };
    expect(matchesFilterPolicy(notOrders, { event: text('data-entry') })).toBe(true);
    expect(matchesFilterPolicy(notOrders, { event: text('order-cancelled') })).toBe(false);
  });

  it('matches a prefix, a suffix and equals-ignore-case on strings only', () => {
    const prefix = { customer_interests: [{ prefix: 'bas' }] };
    expect(matchesFilterPolicy(prefix, { customer_interests: text('baseball') })).toBe(true);
    expect(matchesFilterPolicy(prefix, { customer_interests: list(['rugby', 'basketball']) })).toBe(true);
    expect(matchesFilterPolicy(prefix, { customer_interests: text('rugby') })).toBe(false);
    expect(matchesFilterPolicy({ name: [{ suffix: 'ball' }] }, { name: text('baseball') })).toBe(true);
    expect(
      matchesFilterPolicy({ name: [{ 'equals-ignore-case': 'TENNIS' }] }, { name: text('tennis') }),
    ).toBe(true);
  });

  it('compares numbers numerically, within ranges, and never a string', () => {
    expect(
      matchesFilterPolicy({ price_usd: [{ numeric: ['=', 301.5] }] }, { price_usd: number('3.015e2') }),
    ).toBe(true);
    const range = { price_usd: [{ numeric: ['>', 0, '<=', 150] }] };
    expect(matchesFilterPolicy(range, { price_usd: number(150) })).toBe(true);
    expect(matchesFilterPolicy(range, { price_usd: number(0) })).toBe(false);
    expect(matchesFilterPolicy(range, { price_usd: number(150.5) })).toBe(false);
    expect(matchesFilterPolicy(range, { price_usd: text('100') })).toBe(false);
    expect(matchesFilterPolicy({ price_usd: [{ numeric: ['<', 0] }] }, { price_usd: number(-1) })).toBe(true);
  });

  it('matches whether an attribute is there', () => {
    expect(matchesFilterPolicy({ store: [{ exists: true }] }, { store: text('example_corp') })).toBe(true);
    expect(matchesFilterPolicy({ store: [{ exists: true }] }, {})).toBe(false);
    expect(matchesFilterPolicy({ store: [{ exists: false }] }, {})).toBe(true);
    expect(matchesFilterPolicy({ store: [{ exists: false }] }, { store: text('example_corp') })).toBe(false);
  });

  it('lets every message through a subscription without a policy, and refuses what SNS would not accept', () => {
    expect(matchesFilterPolicy(undefined, {})).toBe(true);
    expect(() => matchesFilterPolicy({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: text('10.0.0.1') })).toThrow(
      /unsupported filter policy operator cidr/,
    );
  });
});
