import { describe, expect, it } from 'vitest';
import { flowLogPlan, PLANNER_FLOW_FORMAT } from '#core/plan/flow-log-sync.ts';
import { formatString } from '#core/plan/flow-record.ts';

const log = (flowLogId: string, resourceId: string, logFormat = PLANNER_FLOW_FORMAT) => ({
  flowLogId,
  resourceId,
  logGroupName: '/eks-sg-advisor/prod/control-plane-flow-logs',
  logFormat,
});

describe('flowLogPlan', () => {
  it('creates a flow log for every control-plane interface on the first run', () => {
    // Act / Assess
    expect(flowLogPlan(['eni-1', 'eni-2'], [])).toEqual({
      create: ['eni-1', 'eni-2'],
      delete: [],
      keep: [],
    });
  });

  it('keeps the flow logs already there, so a re-run changes nothing', () => {
    // Act / Assess
    expect(flowLogPlan(['eni-1', 'eni-2'], [log('fl-1', 'eni-1'), log('fl-2', 'eni-2')])).toEqual({
      create: [],
      delete: [],
      keep: ['eni-1', 'eni-2'],
    });
  });

  it('re-syncs after an upgrade: covers the new interfaces and deletes the flow logs of the replaced ones', () => {
    // Act
    const plan = flowLogPlan(['eni-3', 'eni-4'], [log('fl-1', 'eni-1'), log('fl-2', 'eni-2')]);

    // Assess
    expect(plan.create).toEqual(['eni-3', 'eni-4']);
    expect(plan.delete.map((l) => l.flowLogId)).toEqual(['fl-1', 'fl-2']);
  });

  it('recreates a flow log in another format, since a format cannot be changed', () => {
    // Act
    const plan = flowLogPlan(
      ['eni-1'],
      [log('fl-1', 'eni-1', formatString(['version', 'srcaddr', 'dstaddr']))],
    );

    // Assess
    expect(plan).toMatchObject({ create: ['eni-1'], keep: [] });
    expect(plan.delete.map((l) => l.flowLogId)).toEqual(['fl-1']);
  });

  it('never deletes a subnet or VPC flow log that shares the log group', () => {
    // Act / Assess
    expect(flowLogPlan(['eni-1'], [log('fl-9', 'vpc-0a1b2c3d')]).delete).toEqual([]);
  });

  it('writes the fields the planner needs in its custom format', () => {
    // Act / Assess
    for (const field of [
      'pkt-srcaddr',
      'pkt-dstaddr',
      'tcp-flags',
      'flow-direction',
      'log-status',
    ]) {
      expect(PLANNER_FLOW_FORMAT).toContain(`\${${field}}`);
    }
  });
});
