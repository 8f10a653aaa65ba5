import { dirname } from 'node:path';
import { circles, type SourceFile } from './import-graph.ts';

/**
 * The layer rules of the house, checked on the import graph of `src/` and `functions/`.
 * Each violation is one stable line `rule: file -> what`, so a list of known ones can be kept
 * and shrunk. The target layout these rules describe is in docs/architecture.md.
 */

/** The one module allowed to construct AWS SDK clients. */
export const CLIENT_FACTORY = 'src/adapters/aws/clients.ts';

/** Packages the pure core may use. */
const CORE_PACKAGES = new Set(['zod', 'node:net', 'node:crypto']);
/** Packages the renderers may use (the notification schema). */
const RENDER_PACKAGES = new Set(['zod']);
/** Packages that do I/O and belong to the adapters only. */
const IO_PACKAGE = /^(@aws-sdk\/|@smithy\/|node:https?$)/;

/**
 * Renderers outside `src/render/`: pure functions from the report to an output language. Senders
 * and orchestration in the same folders (`slack-sender.ts`, `alert-cycle.ts`) are not renderers.
 */
const RENDERERS_TODAY = new Set([
  'src/render/alerts/notification.ts',
  'src/render/alerts/aws-cli-commands.ts',
  'src/render/alerts/chatbot.ts',
  'src/render/alerts/clip-report.ts',
  'src/render/alerts/cluster-label.ts',
  'src/render/alerts/describe.ts',
  'src/render/alerts/email.ts',
  'src/notifiers/escape.ts',
  'src/render/alerts/notification-schema.ts',
  'src/render/alerts/slack-blocks.ts',
  'src/render/alerts/sns-message.ts',
]);

const isCore = (path: string) => path.startsWith('src/core/');
const isRenderer = (path: string) =>
  path.startsWith('src/render/') ||
  path.startsWith('src/core/render/') ||
  RENDERERS_TODAY.has(path);
const isAdapter = (path: string) => path.startsWith('src/adapters/');
const isConfig = (path: string) => path.startsWith('src/config/');
const isWiring = (path: string) => path.startsWith('src/wiring/');
const isUseCase = (path: string) => path.startsWith('src/app/');

/** Source text without comments and quoted strings (so TSDoc examples and data do not count as code). */
export function codeOf(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[\s;{}(),])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''");
}

const target = (i: SourceFile['imports'][number]) => i.file ?? i.pkg ?? i.specifier;

function coreRules(file: SourceFile): string[] {
  const found: string[] = [];
  for (const i of file.imports) {
    const outside = i.file !== null ? !isCore(i.file) : !CORE_PACKAGES.has(i.pkg ?? '');
    if (outside) found.push(`core-imports-outside: ${file.path} -> ${target(i)}`);
  }
  const code = codeOf(file.text);
  const impure: [string, RegExp][] = [
    ['async', /\b(async|await)\b/],
    ['process.env', /\bprocess\.env\b/],
    ['clock', /\bDate\.now\(|\bnew Date\(\s*\)|\bperformance\.now\(/],
    ['random', /\bMath\.random\(|\brandomUUID\(|\brandomBytes\(/],
  ];
  for (const [what, pattern] of impure) {
    if (pattern.test(code)) found.push(`core-impure: ${file.path} -> ${what}`);
  }
  return found;
}

function rendererRules(file: SourceFile): string[] {
  return file.imports
    .filter((i) =>
      i.file !== null ? !isCore(i.file) && !isRenderer(i.file) : !RENDER_PACKAGES.has(i.pkg ?? ''),
    )
    .map((i) => `renderer-imports-outside: ${file.path} -> ${target(i)}`);
}

function ioRules(file: SourceFile): string[] {
  if (isAdapter(file.path)) return [];
  return file.imports
    .filter((i) => i.pkg !== null && IO_PACKAGE.test(i.pkg) && !(isWiring(file.path) && i.typeOnly))
    .map((i) => `io-package-outside-adapters: ${file.path} -> ${i.pkg}`);
}

function clientRules(file: SourceFile): string[] {
  if (file.path === CLIENT_FACTORY) return [];
  const sdkNames = new Set<string>();
  for (const m of file.text.matchAll(
    /import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]@aws-sdk\/[^'"]+['"]/g,
  )) {
    for (const name of (m[1] ?? '').split(',')) {
      const clean = name.replace(/\btype\b/, '').trim();
      if (clean.endsWith('Client')) sdkNames.add(clean);
    }
  }
  const code = codeOf(file.text);
  return [...sdkNames]
    .filter((name) => new RegExp(`\\bnew ${name}\\(`).test(code))
    .map((name) => `sdk-client-outside-factory: ${file.path} -> ${name}`);
}

function configRules(file: SourceFile): string[] {
  if (!isConfig(file.path)) return [];
  return file.imports
    .filter((i) => i.file !== null && !isCore(i.file) && !isConfig(i.file))
    .map((i) => `config-imports-outside-core: ${file.path} -> ${target(i)}`);
}

function envRules(file: SourceFile): string[] {
  if (isConfig(file.path) || !/\bprocess\.env\b/.test(codeOf(file.text))) return [];
  return [`env-outside-config: ${file.path}`];
}

function handlerRules(file: SourceFile, handlers: ReadonlySet<string>): string[] {
  if (!handlers.has(file.path)) return [];
  return file.imports
    .filter((i) =>
      i.file !== null ? !isWiring(i.file) && !isUseCase(i.file) : i.pkg !== 'aws-lambda',
    )
    .map((i) => `handler-imports: ${file.path} -> ${target(i)}`);
}

/**
 * The room a file lives in for the folder rule: its folder, except a file that sits beside
 * sub-folders (`src/core/errors.ts` beside `src/core/logs/`), which is a room of its own.
 */
function roomOf(path: string, parents: ReadonlySet<string>): string {
  return parents.has(dirname(path)) ? path : dirname(path);
}

function circleRules(files: readonly SourceFile[]): string[] {
  const known = new Set(files.map((f) => f.path));
  const parents = new Set(files.map((f) => dirname(dirname(f.path))));
  const fileEdges = new Map<string, string[]>();
  const folderEdges = new Map<string, Set<string>>();
  for (const file of files) {
    const to = file.imports.flatMap((i) => (i.file !== null && known.has(i.file) ? [i.file] : []));
    fileEdges.set(file.path, to);
    const from = roomOf(file.path, parents);
    const folders = folderEdges.get(from) ?? new Set<string>();
    for (const t of to) if (roomOf(t, parents) !== from) folders.add(roomOf(t, parents));
    folderEdges.set(from, folders);
  }
  const folderLists = new Map([...folderEdges].map(([k, v]) => [k, [...v]]));
  return [
    ...circles(fileEdges).map((set) => `file-circle: ${set.join(' <-> ')}`),
    ...circles(folderLists).map((set) => `folder-circle: ${set.join(' <-> ')}`),
  ];
}

/**
 * Every violation of the layer rules, one stable line each, sorted.
 *
 * @param handlers the Lambda handler files (from serverless.yml)
 * @example architectureViolations(readSources(['src', 'functions']), new Set(['functions/analyze.ts']))
 */
export function architectureViolations(
  files: readonly SourceFile[],
  handlers: ReadonlySet<string>,
): string[] {
  const perFile = files.flatMap((file) => [
    ...(isCore(file.path) ? coreRules(file) : []),
    ...(isRenderer(file.path) ? rendererRules(file) : []),
    ...ioRules(file),
    ...clientRules(file),
    ...envRules(file),
    ...configRules(file),
    ...handlerRules(file, handlers),
  ]);
  return [...new Set([...perFile, ...circleRules(files)])].sort();
}
