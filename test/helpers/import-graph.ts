import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two folders above this helper). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One import of one source file, resolved where it names a file of the project. */
export interface SourceImport {
  /** What the import says: `#core/x.ts`, `./y.ts`, `@aws-sdk/client-ec2`, `node:fs`. */
  readonly specifier: string;
  /** The imported file relative to the repository root, or null for a package. */
  readonly file: string | null;
  /** The package name (`@aws-sdk/client-ec2`, `node:fs`, `zod`), or null for a project file. */
  readonly pkg: string | null;
  /** Whether only types are imported (erased at build time). */
  readonly typeOnly: boolean;
}

/** A source file with its text and imports. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
  readonly imports: readonly SourceImport[];
}

const ALIASES: Readonly<Record<string, string>> = JSON.parse(
  readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'),
).imports;

// Static imports and re-exports (`import x from`, `import type {…} from`, `export … from`,
// `import 'side-effect'`) and dynamic `import('…')`, across line breaks.
const STATIC = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function resolveFile(from: string, specifier: string): string | null {
  if (specifier.startsWith('.')) return normalize(join(dirname(from), specifier));
  if (!specifier.startsWith('#')) return null;
  for (const [pattern, target] of Object.entries(ALIASES)) {
    const prefix = pattern.replace('*', '');
    if (specifier.startsWith(prefix)) {
      return normalize(target.replace('*', specifier.slice(prefix.length))).replace(/^\.\//, '');
    }
  }
  throw new Error(`${from}: import ${specifier} matches no alias in package.json`);
}

function importsOf(path: string, text: string): SourceImport[] {
  const found: SourceImport[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    const file = resolveFile(path, specifier);
    found.push({ specifier, file, pkg: file === null ? packageName(specifier) : null, typeOnly });
  };
  for (const m of text.matchAll(STATIC)) add(m[3] ?? '', m[2] !== undefined);
  for (const m of text.matchAll(DYNAMIC)) add(m[1] ?? '', false);
  return found;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/**
 * Reads every `.ts` file under the given folders (relative to the repository root) with its imports.
 *
 * @example readSources(['src', 'functions']).length // 209
 */
export function readSources(folders: readonly string[]): SourceFile[] {
  return folders
    .flatMap((folder) => walk(join(REPO_ROOT, folder)))
    .map((full) => {
      const path = relative(REPO_ROOT, full);
      const text = readFileSync(full, 'utf8');
      return { path, text, imports: importsOf(path, text) };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The strongly connected sets of more than one node (Tarjan), each sorted, in a stable order.
 *
 * @example circles(new Map([['a', ['b']], ['b', ['a']]])) // [['a', 'b']]
 */
export function circles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of edges.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const set: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        set.push(member);
      } while (member !== node);
      if (set.length > 1) found.push(set.sort());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return found.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}
