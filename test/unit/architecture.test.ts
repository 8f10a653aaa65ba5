import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { architectureViolations, codeOf } from '#test/helpers/architecture-rules.ts';
import { circles, REPO_ROOT, readSources, type SourceFile } from '#test/helpers/import-graph.ts';

/**
 * Today's violations of the layer rules, one line each. The list may only shrink: a new violation
 * fails the test, and so does an entry that no longer applies (delete it). The rules and the
 * target they lead to are in docs/architecture.md.
 */
const KNOWN_EXCEPTIONS: readonly string[] = [];

const HANDLERS = new Set(
  [
    ...readFileSync(`${REPO_ROOT}serverless.yml`, 'utf8').matchAll(/handler:\s*(\S+)\.handler/g),
  ].map((m) => `${m[1]}.ts`),
);

function source(path: string, text: string, imports: SourceFile['imports'] = []): SourceFile {
  return { path, text, imports };
}

const projectImport = (file: string) => ({
  specifier: `#${file}`,
  file,
  pkg: null,
  typeOnly: false,
});
const packageImport = (pkg: string, typeOnly = false) => ({
  specifier: pkg,
  file: null,
  pkg,
  typeOnly,
});

describe('architecture', () => {
  it('finds the Lambda handlers named in serverless.yml', () => {
    expect(HANDLERS.size).toBeGreaterThanOrEqual(4);
  });

  it('has no violation of the layer rules beyond the known list, and no stale entry in it', () => {
    const found = architectureViolations(readSources(['src', 'functions']), HANDLERS);
    const known = new Set(KNOWN_EXCEPTIONS);
    expect({
      new: found.filter((v) => !known.has(v)),
      stale: KNOWN_EXCEPTIONS.filter((v) => !found.includes(v)),
    }).toEqual({ new: [], stale: [] });
  });
});

describe('architectureViolations', () => {
  it('flags core importing a file outside core and a package it may not use', () => {
    const files = [
      source('src/core/a.ts', '', [projectImport('src/notifiers/b.ts'), packageImport('node:fs')]),
      source('src/notifiers/b.ts', ''),
    ];
    expect(architectureViolations(files, new Set())).toEqual([
      'core-imports-outside: src/core/a.ts -> node:fs',
      'core-imports-outside: src/core/a.ts -> src/notifiers/b.ts',
    ]);
  });

  it('flags async code, process.env, clock reads and randomness in core but not in comments or strings', () => {
    const code = 'export async function f() { return Date.now() + Math.random() + process.env.X; }';
    const quiet = "/** async Date.now() */\n// await\nconst s = 'async process.env';";
    const found = architectureViolations(
      [source('src/core/a.ts', code), source('src/core/b.ts', quiet)],
      new Set(),
    );
    expect(found).toEqual([
      'core-impure: src/core/a.ts -> async',
      'core-impure: src/core/a.ts -> clock',
      'core-impure: src/core/a.ts -> process.env',
      'core-impure: src/core/a.ts -> random',
      'env-outside-config: src/core/a.ts',
    ]);
  });

  it('flags SDK packages outside the adapters and SDK clients built outside the one factory', () => {
    const text = "import { EC2Client } from '@aws-sdk/client-ec2';\nconst c = new EC2Client({});";
    const files = [
      source('src/cli/x.ts', text, [packageImport('@aws-sdk/client-ec2')]),
      source('src/adapters/aws/clients.ts', text, [packageImport('@aws-sdk/client-ec2')]),
      source('src/wiring/w.ts', '', [packageImport('@aws-sdk/client-ec2', true)]),
    ];
    expect(architectureViolations(files, new Set())).toEqual([
      'io-package-outside-adapters: src/cli/x.ts -> @aws-sdk/client-ec2',
      'sdk-client-outside-factory: src/cli/x.ts -> EC2Client',
    ]);
  });

  it('lets handlers import only the composition root, use cases and Lambda types', () => {
    const files = [
      source('functions/h.ts', '', [
        projectImport('src/wiring/analyze.ts'),
        projectImport('src/app/run.ts'),
        projectImport('src/core/errors.ts'),
        packageImport('aws-lambda', true),
      ]),
    ];
    expect(architectureViolations(files, new Set(['functions/h.ts']))).toEqual([
      'handler-imports: functions/h.ts -> src/core/errors.ts',
    ]);
  });

  it('lets renderers import only core and other renderers, and config only core', () => {
    const files = [
      source('src/render/a.ts', '', [
        projectImport('src/adapters/x.ts'),
        projectImport('src/core/y.ts'),
      ]),
      source('src/config/c.ts', '', [projectImport('src/app/defaults.ts')]),
    ];
    expect(architectureViolations(files, new Set())).toEqual([
      'config-imports-outside-core: src/config/c.ts -> src/app/defaults.ts',
      'renderer-imports-outside: src/render/a.ts -> src/adapters/x.ts',
    ]);
  });

  it('flags circles between files and between folders, a file beside sub-folders being its own room', () => {
    const files = [
      source('src/core/x/a.ts', '', [projectImport('src/core/x/b.ts')]),
      source('src/core/x/b.ts', '', [projectImport('src/core/x/a.ts')]),
      source('src/core/p/c.ts', '', [projectImport('src/core/q/d.ts')]),
      source('src/core/q/d.ts', '', [projectImport('src/core/p/e.ts')]),
      source('src/core/p/e.ts', ''),
      source('src/core/errors.ts', ''),
      source('src/core/y/f.ts', '', [projectImport('src/core/errors.ts')]),
    ];
    expect(architectureViolations(files, new Set())).toEqual([
      'file-circle: src/core/x/a.ts <-> src/core/x/b.ts',
      'folder-circle: src/core/p <-> src/core/q',
    ]);
  });
});

describe('circles', () => {
  it('returns each strongly connected set of two or more nodes, sorted', () => {
    const edges = new Map([
      ['c', ['a']],
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['d', []],
    ]);
    expect(circles(edges)).toEqual([['a', 'b', 'c']]);
  });
});

describe('codeOf', () => {
  it('keeps code and drops comments and quoted strings, but not URLs inside them as comments', () => {
    expect(codeOf("const u = 'https://x'; // note\n/* block */ f();")).toBe(
      "const u = ''; \n f();",
    );
  });
});
