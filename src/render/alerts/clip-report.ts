import type {
  NetworkAclEntryFix,
  Recommendation,
  Report,
  ReportFinding,
} from '#core/model/report.ts';
import { clip } from '#render/escape.ts';

/** Longest value kept for names, hosts and other identifiers taken from logs. */
export const MAX_NAME = 512;
/** Longest reason or note kept. */
export const MAX_TEXT = 1000;
const MAX_GROUPS = 16;

/**
 * A copy of a finding with every string bounded, so one hostile log line cannot make a
 * notification unbounded. Other fields are kept as they are.
 *
 * @example
 * clipFinding({ ...finding, name: 'x'.repeat(10_000) }).name?.length; // 512
 */
export function clipFinding(finding: ReportFinding): ReportFinding {
  const ni = finding.networkInterface;
  return {
    ...finding,
    name: maybe(finding.name, MAX_NAME),
    host: maybe(finding.host, MAX_NAME),
    ip: maybe(finding.ip, 64),
    firstSeen: maybe(finding.firstSeen, 64),
    lastSeen: maybe(finding.lastSeen, 64),
    reason: clip(finding.reason, MAX_TEXT),
    target: finding.target && {
      ...finding.target,
      ip: maybe(finding.target.ip, 64),
      portName: maybe(finding.target.portName, 64),
    },
    networkInterface: ni && {
      ...ni,
      id: clip(ni.id, 64),
      groupIds: ni.groupIds.slice(0, MAX_GROUPS).map((id) => clip(id, 64)),
      description: maybe(ni.description, 256),
    },
  };
}

/**
 * A copy of a recommendation with its strings bounded (description 255, reason 1,000).
 *
 * @example
 * clipRecommendation(rec).description.length <= 255; // true
 */
export function clipRecommendation(rec: Recommendation): Recommendation {
  return {
    ...rec,
    groupId: clip(rec.groupId, 64),
    peer:
      'groupId' in rec.peer
        ? { groupId: clip(rec.peer.groupId, 64) }
        : { cidr: clip(rec.peer.cidr, 64) },
    description: clip(rec.description, 255),
    reason: clip(rec.reason, MAX_TEXT),
    findings: rec.findings.slice(0, 64),
  };
}

/**
 * A copy of a network ACL entry with its reason bounded (its other strings are IDs and a CIDR).
 *
 * @example
 * clipNaclEntry(entry).reason.length <= 1000; // true
 */
export function clipNaclEntry(entry: NetworkAclEntryFix): NetworkAclEntryFix {
  return { ...entry, reason: clip(entry.reason, MAX_TEXT) };
}

/**
 * A copy of a report with every string bounded (lists are kept whole; cutting them is the
 * size fitter's job).
 *
 * @example
 * clipReport(report).cluster.length <= 256; // true
 */
export function clipReport(report: Report): Report {
  return {
    cluster: clip(report.cluster, 256),
    window: report.window && {
      start: clip(report.window.start, 64),
      end: clip(report.window.end, 64),
    },
    findings: report.findings.map(clipFinding),
    recommendations: report.recommendations.map(clipRecommendation),
    ...(report.networkAclEntries
      ? {
          networkAclEntries: report.networkAclEntries.map(clipNaclEntry),
        }
      : {}),
    notes: report.notes.map((note) => ({
      code: clip(note.code, 64),
      message: clip(note.message, MAX_TEXT),
    })),
  };
}

function maybe(value: string | null, max: number): string | null {
  return value === null ? null : clip(value, max);
}
