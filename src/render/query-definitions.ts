import {
  APISERVER_EVENTS_QUERY,
  APISERVER_EVENTS_QUERY_NAME,
} from '#core/insights/apiserver-query.ts';

/** A saved Logs Insights query, rendered as an `AWS::Logs::QueryDefinition`. */
export interface SavedQuery {
  /** CloudFormation logical ID. */
  readonly logicalId: string;
  /** Console name; `/` makes folders. */
  readonly name: string;
  readonly queryString: string;
}

/** Every query this project saves in the account (the single source of `infra/query-definitions.yml`). */
export const SAVED_QUERIES: readonly SavedQuery[] = [
  {
    logicalId: 'ApiServerEndpointFailuresQuery',
    name: APISERVER_EVENTS_QUERY_NAME,
    queryString: APISERVER_EVENTS_QUERY,
  },
];

/**
 * The CloudFormation fragment (a `Resources:` block) that saves {@link SAVED_QUERIES} as Logs
 * Insights query definitions. Query text goes in a literal block scalar, so it is written verbatim
 * (no YAML escaping); no log group is bound, the operator picks one in the console.
 *
 * @throws Error when a query text has a line that a literal block cannot hold verbatim.
 * @example
 * writeFileSync('infra/query-definitions.yml', renderQueryDefinitionsTemplate());
 */
export function renderQueryDefinitionsTemplate(
  queries: readonly SavedQuery[] = SAVED_QUERIES,
): string {
  const lines = [
    '# Generated from src/queries/ (SAVED_QUERIES). Do not edit: change the TypeScript and run',
    '# `npx vitest run --project unit test/unit/queries -u` to rewrite this file.',
    'Resources:',
  ];
  for (const query of queries) {
    for (const line of query.queryString.split('\n')) {
      if (line !== line.trimEnd() || line.trim() === '' || line.includes('\t')) {
        throw new Error(
          `query ${query.name}: line ${JSON.stringify(line)} cannot be kept verbatim`,
        );
      }
    }
    lines.push(
      `  ${query.logicalId}:`,
      '    Type: AWS::Logs::QueryDefinition',
      '    Properties:',
      `      Name: ${JSON.stringify(query.name)}`,
      '      QueryString: |-',
      ...query.queryString.split('\n').map((line) => `        ${line}`),
    );
  }
  return `${lines.join('\n')}\n`;
}
