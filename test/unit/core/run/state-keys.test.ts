import { describe, expect, it } from 'vitest';
import {
  clusterPartitionKey,
  slotIndexOf,
  slotPartitionKey,
  slotSortKey,
  WINDOW_SORT_KEY,
} from '#core/run/state-keys.ts';

describe('clusterPartitionKey', () => {
  it.each([
    [
      { name: 'prod', account: '123456789012', region: 'eu-west-1' },
      'cluster#123456789012/eu-west-1/prod',
    ],
    [{ name: 'prod' }, 'cluster#prod'],
    [{ name: 'prod', account: '123456789012', region: null }, 'cluster#prod'],
    [{ name: 'prod', account: null, region: 'eu-west-1' }, 'cluster#prod'],
  ])('keys %j as %s', (cluster, key) => {
    // Act
    const pk = clusterPartitionKey(cluster);
    // Assess
    expect(pk).toBe(key);
  });

  it('keeps window items under the sort key "window"', () => {
    // Assess
    expect(WINDOW_SORT_KEY).toBe('window');
  });
});

describe('slot keys', () => {
  it('keeps an account’s Logs Insights slots in one partition, numbered in order', () => {
    // Act
    const pk = slotPartitionKey('210987654321');
    const sks = [0, 7, 99].map(slotSortKey);
    // Assess
    expect(pk).toBe('account#210987654321');
    expect(sks).toEqual(['slot#000', 'slot#007', 'slot#099']);
    expect(sks.map(slotIndexOf)).toEqual([0, 7, 99]);
    expect(slotIndexOf('window')).toBeNull();
  });
});
