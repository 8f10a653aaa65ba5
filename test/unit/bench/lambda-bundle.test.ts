import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lambdaClientConfig } from '#adapters/aws/aws-client-config.ts';
import { LAMBDA_ESBUILD, LAMBDA_FUNCTIONS, sdkOnlyEntry } from '../../../bench/lambda-bundle.ts';

const SERVERLESS = readFileSync(new URL('../../../serverless.yml', import.meta.url), 'utf8');

/** The `key: value` lines indented by `indent` spaces under the line `header` (comments skipped). */
function block(header: string, indent: number): [string, string][] {
  const lines = SERVERLESS.split('\n');
  const start = lines.indexOf(header);
  const entries: [string, string][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const depth = line.length - line.trimStart().length;
    if (depth < indent) break;
    if (depth > indent) continue;
    const [key = '', ...rest] = line.trim().split(':');
    entries.push([key, rest.join(':').trim()]);
  }
  return entries;
}

function yamlValue(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  if (text.startsWith('[')) return JSON.parse(text);
  return text;
}

describe('bench/lambda-bundle.ts', () => {
  it('bundles exactly as serverless.yml’s custom.esbuild (nothing external)', () => {
    // Act
    const settings = Object.fromEntries(block('  esbuild:', 4).map(([k, v]) => [k, yamlValue(v)]));
    // Assess
    expect(settings).toEqual({ ...LAMBDA_ESBUILD, exclude: [] });
  });

  it('lists every function of serverless.yml with its handler module', () => {
    // Act
    const functions = block('functions:', 2).map(([name]) => name);
    const handlers = functions.map((name) => {
      const handler = block(`  ${name}:`, 4).find(([key]) => key === 'handler')?.[1] ?? '';
      return [name, `${handler.replace(/\.handler$/, '')}.ts`];
    });
    // Assess
    expect(handlers).toEqual(LAMBDA_FUNCTIONS.map((fn) => [fn.name, fn.entry]));
  });

  it.each(LAMBDA_FUNCTIONS.map((fn) => [fn.name, fn] as const))(
    '%s: names SDK clients the client factory imports, and its baseline builds the ones built at cold start',
    (_name, fn) => {
      // Prepare
      const source = readFileSync(new URL(`../../../${fn.clientsModule}`, import.meta.url), 'utf8');
      const imported = [
        ...source.matchAll(/^import \{ (\w+Client) \} from '(@aws-sdk\/client-[\w-]+)';$/gm),
      ];
      // Act
      const entry = sdkOnlyEntry(fn);
      // Assess
      expect(imported.map(([, name, pkg]) => `${pkg} ${name}`)).toEqual(
        expect.arrayContaining(fn.clients.map((c) => `${c.pkg} ${c.name}`)),
      );
      for (const client of fn.clients) {
        expect(entry).toContain(`import { ${client.name} } from '${client.pkg}';`);
        const built = `= new ${client.name}(config());`;
        if (client.builtAtColdStart) expect(entry).toContain(built);
        else expect(entry).not.toContain(built);
        // The handlers build the client with the Lambdas' configuration, as the baseline does.
        if (fn.lambdaConfig) expect(source).toContain(`new ${client.name}(lambdaClientConfig())`);
        else expect(source).toContain(`new ${client.name}({})`);
      }
      const config = fn.lambdaConfig ? JSON.stringify(lambdaClientConfig()) : '{}';
      expect(entry).toContain(`const config = () => (${config});`);
    },
  );
});
