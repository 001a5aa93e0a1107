import { describe, expect, it } from 'vitest';
import { parseDistrictConfig } from '../../shared/config/district-config.js';
import { effectivePriority } from '../../shared/domain/household-priority.js';
import { submit } from '../../shared/domain/lifecycle.js';
import { config, household, shanghai } from '../support/fixtures.js';
import lvyuan from '../../config/districts/lvyuan.json' with { type: 'json' };

describe('tagged households get a higher priority', () => {
  const rules = { 独居老人: 'high', 残疾: 'high', 重点关注: 'urgent' } as const;

  it('raises a normal request from an elderly person living alone to high, and says why', () => {
    expect(effectivePriority('normal', ['独居老人'], rules)).toEqual({
      priority: 'high',
      raisedBy: '独居老人',
    });
  });

  it('takes the highest floor among the tags, and never lowers what the resident chose', () => {
    expect(effectivePriority('normal', ['残疾', '重点关注'], rules)).toEqual({
      priority: 'urgent',
      raisedBy: '重点关注',
    });
    expect(effectivePriority('urgent', ['独居老人'], rules)).toEqual({ priority: 'urgent' });
    expect(effectivePriority('normal', ['低保'], rules)).toEqual({ priority: 'normal' });
    expect(effectivePriority('normal', ['独居老人'], undefined)).toEqual({ priority: 'normal' });
  });

  it('a submission from such a household runs at the raised priority, with the reason on its timeline', () => {
    const tagged = { ...household(), tags: ['独居老人'] };
    const { request, entry } = submit(
      {
        id: 'R1',
        household: tagged,
        submittedBy: { kind: 'resident', id: 'p-1' },
        category: 'repair',
        description: '门坏了',
        priority: 'normal',
        photos: [],
      },
      { config, now: shanghai('2026-11-23 10:00') },
    );
    expect(request.priority).toBe('high');
    expect(entry.reason).toBe('priority raised to high: the household is tagged 独居老人');
  });

  it('the config refuses a rule for a tag the district does not record, naming it', () => {
    expect(() => parseDistrictConfig({ ...lvyuan, tagPriorities: { 养猫: 'high' } }, 'test.json')).toThrow(
      /tagPriorities\.养猫: unknown household tag/,
    );
  });
});
