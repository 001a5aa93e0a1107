import { describe, expect, it } from 'vitest';
import { districtPartition, partitionOf } from '../../shared/config/partition.js';

describe('partitionOf', () => {
  it('puts Beijing and Ningxia in aws-cn and every other region in aws', () => {
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('cn-northwest-1')).toBe('aws-cn');
    expect(partitionOf('ap-southeast-1')).toBe('aws');
    expect(partitionOf('ap-east-1')).toBe('aws');
  });

  it('takes a district without a pinned region as global', () => {
    expect(districtPartition({})).toBe('aws');
    expect(districtPartition({ deploy: { region: 'cn-north-1' } })).toBe('aws-cn');
  });
});
