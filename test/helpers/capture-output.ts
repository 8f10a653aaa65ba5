import { vi } from 'vitest';

/** What a function wrote to stdout and stderr while it ran (Powertools logs and EMF metrics). */
export interface CapturedOutput<T> {
  readonly outcome:
    | { readonly ok: true; readonly value: T }
    | { readonly ok: false; readonly error: unknown };
  /** Every line written, in order. */
  readonly text: string;
  /** The lines that are JSON objects (log entries and EMF documents). */
  readonly records: readonly Record<string, unknown>[];
}

/**
 * Runs `fn` with process.stdout and process.stderr captured (not printed), and returns its
 * outcome and what it wrote. Powertools writes through its own Console bound to those streams.
 */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<CapturedOutput<T>> {
  const chunks: string[] = [];
  const grab = (chunk: unknown): boolean => {
    chunks.push(
      typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'),
    );
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(grab);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(grab);
  let outcome: CapturedOutput<T>['outcome'];
  try {
    outcome = { ok: true, value: await fn() };
  } catch (error) {
    outcome = { ok: false, error };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const text = chunks.join('');
  const records: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      records.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not a JSON line
    }
  }
  return { outcome, text, records };
}

/** The EMF documents among captured records, flattened to `{ name, value, dimensions }`. */
export function emfPoints(
  records: readonly Record<string, unknown>[],
): { name: string; value: unknown; dimensions: Record<string, unknown> }[] {
  const points: { name: string; value: unknown; dimensions: Record<string, unknown> }[] = [];
  for (const record of records) {
    const aws = record._aws as
      | { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] }
      | undefined;
    if (!aws) continue;
    for (const directive of aws.CloudWatchMetrics) {
      const names = directive.Dimensions.flat();
      const dimensions = Object.fromEntries(names.map((name) => [name, record[name]]));
      for (const metric of directive.Metrics) {
        points.push({ name: metric.Name, value: record[metric.Name], dimensions });
      }
    }
  }
  return points;
}
