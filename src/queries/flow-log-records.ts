/**
 * The Logs Insights query `plan --cluster` runs on the flow-log group of the control-plane
 * interfaces (`enable-flow-logs` writes it): every record, oldest first, with its stream (one per
 * interface). No `limit`: the runner passes StartQuery's and splits windows that overflow. A
 * custom format is not discovered by Logs Insights, so the records are parsed from `@message`.
 */
export const FLOW_LOG_RECORDS_QUERY = [
  'fields @timestamp, @logStream, @message',
  '| sort @timestamp asc',
].join('\n');
