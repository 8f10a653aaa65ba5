import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { AlertState } from '#core/alerts/alert-state.ts';
import { isFindingKind, isVerdict } from '#core/alerts/vocabulary.ts';
import { AdvisorError } from '#core/errors.ts';

type Item = Record<string, AttributeValue>;

/** Sort-key prefix of alert items; the window-state item of the same partition uses `window`. */
export const ALERT_SK_PREFIX = 'alert#';

/**
 * The partition key of a cluster: `cluster#<key>`.
 *
 * @example
 * clusterPk('prod-eu'); // 'cluster#prod-eu'
 */
export function clusterPk(clusterKey: string): string {
  return `cluster#${clusterKey}`;
}

/**
 * The DynamoDB item of an alert state. Times are epoch ms numbers, except `expiresAt`, which is
 * epoch seconds for DynamoDB TTL.
 *
 * @example
 * toAlertItem('prod-eu', state).sk; // { S: 'alert#3f1c…' }
 */
export function toAlertItem(clusterKey: string, state: AlertState): Item {
  return {
    pk: { S: clusterPk(clusterKey) },
    sk: { S: `${ALERT_SK_PREFIX}${state.fingerprint}` },
    entity: { S: 'alert' },
    schemaVersion: { N: '1' },
    fingerprint: { S: state.fingerprint },
    kind: { S: state.kind },
    name: state.name === null ? { NULL: true } : { S: state.name },
    endpoint: { S: state.endpoint },
    status: { S: state.status },
    verdicts: { L: state.verdicts.map((verdict) => ({ S: verdict })) },
    rules: { L: state.rules.map((rule) => ({ S: rule })) },
    signature: { S: state.signature },
    count: { N: String(state.count) },
    openedAt: { N: String(state.openedAt) },
    lastSeenAt: { N: String(state.lastSeenAt) },
    resolvedAt: state.resolvedAt === null ? { NULL: true } : { N: String(state.resolvedAt) },
    updatedAt: { N: String(state.updatedAt) },
    revision: { N: String(state.revision) },
    expiresAt: { N: String(Math.ceil(state.expiresAt / 1000)) },
  };
}

/**
 * The alert state stored in an item.
 *
 * @throws AdvisorError naming the item and the field when the item is not a valid alert state.
 * @example
 * fromAlertItem(toAlertItem('prod-eu', state)).fingerprint === state.fingerprint; // true
 */
export function fromAlertItem(item: Item): AlertState {
  const where = `alert item ${item.sk?.S ?? '(no sk)'} of ${item.pk?.S ?? '(no pk)'}`;
  const bad = (field: string): AdvisorError =>
    new AdvisorError(`${where}: field ${field} is missing or invalid`);
  const str = (field: string): string => {
    const value = item[field]?.S;
    if (value === undefined) throw bad(field);
    return value;
  };
  const num = (field: string): number => {
    const value = Number(item[field]?.N);
    if (item[field]?.N === undefined || !Number.isFinite(value)) throw bad(field);
    return value;
  };
  const strings = (field: string): string[] => {
    const list = item[field]?.L;
    if (!list || list.some((entry) => entry.S === undefined)) throw bad(field);
    return list.map((entry) => entry.S ?? '');
  };
  const kind = str('kind');
  if (!isFindingKind(kind)) throw bad('kind');
  const status = str('status');
  if (status !== 'open' && status !== 'resolved') throw bad('status');
  const verdicts = strings('verdicts');
  if (!verdicts.every(isVerdict)) throw bad('verdicts');
  return {
    fingerprint: str('fingerprint'),
    kind,
    name: item.name?.NULL ? null : str('name'),
    endpoint: str('endpoint'),
    status,
    verdicts: verdicts.filter(isVerdict),
    rules: strings('rules'),
    signature: str('signature'),
    count: num('count'),
    openedAt: num('openedAt'),
    lastSeenAt: num('lastSeenAt'),
    resolvedAt: item.resolvedAt?.NULL ? null : num('resolvedAt'),
    updatedAt: num('updatedAt'),
    revision: num('revision'),
    expiresAt: num('expiresAt') * 1000,
  };
}
