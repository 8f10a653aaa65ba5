import { readFileSync } from 'node:fs';

/** One labelled real kube-apiserver line (see test/fixtures/corpus/README.md). */
export interface CorpusLine {
  readonly line: string;
  readonly source: string;
  readonly kind: string;
  readonly name: string | null;
  readonly host: string | null;
  readonly ip: string | null;
  readonly port: number | null;
  readonly error: string | null;
  readonly latencyMs: number | null;
  readonly note?: string;
  readonly alone?: Record<string, unknown>;
}

/** One labelled error text from an APIService condition or a client error. */
export interface CorpusFragment {
  readonly text: string;
  readonly source: string;
  readonly context: string;
  readonly name: string | null;
  readonly host: string | null;
  readonly ip: string | null;
  readonly port: number | null;
  readonly error: string;
  readonly note?: string;
}

function readJsonl<T>(file: string): T[] {
  const text = readFileSync(new URL(`../fixtures/corpus/${file}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** Every labelled line of the corpus, in file order. */
export function corpusLines(): CorpusLine[] {
  return readJsonl<CorpusLine>('apiserver-lines.jsonl');
}

/** Every labelled error fragment of the corpus, in file order. */
export function corpusFragments(): CorpusFragment[] {
  return readJsonl<CorpusFragment>('error-fragments.jsonl');
}
