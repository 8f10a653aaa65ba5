// The deployed analyze handlers read their configuration when their module is imported (cold
// start). A test file that imports them imports this module first, as a side effect, so that
// configuration exists; values already set in the environment are kept.
process.env.CLUSTERS ??= 'shop';
process.env.STATE_TABLE ??= 'eks-sg-advisor-state';
process.env.ALERT_TOPIC_ARN ??= 'arn:aws:sns:us-east-1:123456789012:eks-sg-advisor-alerts';
process.env.WORK_QUEUE_URL ??=
  'https://sqs.us-east-1.amazonaws.com/123456789012/eks-sg-advisor-work';
