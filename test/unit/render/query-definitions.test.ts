import { describe, expect, it } from 'vitest';
import { APISERVER_EVENTS_QUERY } from '#core/insights/apiserver-query.ts';
import { renderQueryDefinitionsTemplate, SAVED_QUERIES } from '#render/query-definitions.ts';

describe('infra/query-definitions.yml', () => {
  it('is exactly what src/queries renders (rewrite it with vitest -u)', async () => {
    // Act
    const rendered = renderQueryDefinitionsTemplate();
    // Assess
    await expect(rendered).toMatchFileSnapshot('../../../infra/query-definitions.yml');
  });

  it('saves the API-server events query verbatim in a literal block', () => {
    // Act
    const rendered = renderQueryDefinitionsTemplate();
    // Assess
    expect(SAVED_QUERIES.map((q) => q.queryString)).toContain(APISERVER_EVENTS_QUERY);
    expect(rendered).toContain('Type: AWS::Logs::QueryDefinition');
    for (const line of APISERVER_EVENTS_QUERY.split('\n'))
      expect(rendered).toContain(`        ${line}\n`);
  });

  it('refuses query text a literal block would change (trailing spaces)', () => {
    // Act
    const act = (): unknown =>
      renderQueryDefinitionsTemplate([
        { logicalId: 'X', name: 'x', queryString: 'fields @message ' },
      ]);
    // Assess
    expect(act).toThrow(/cannot be kept verbatim/);
  });
});
