import { describe, expect, it } from 'vitest';
import { parseErrorText } from '#core/logs/grammar/parse-message.ts';
import { corpusFragments } from '#test/helpers/corpus.ts';

describe('parseErrorText on the error-fragment corpus', () => {
  it.each(corpusFragments().map((f, i) => [i, f.text.slice(0, 80), f] as const))(
    'fragment %i gets its error class and endpoint: %s',
    (_i, _preview, fragment) => {
      // Act
      const match = parseErrorText(fragment.text);
      // Assess
      expect(match.error).toBe(fragment.error);
      expect({ host: match.host, ip: match.ip, port: match.port }).toEqual({
        host: fragment.host,
        ip: fragment.ip,
        port: fragment.port,
      });
      // Condition messages do not name their APIService; everything else names its webhook/CRD.
      if (match.kind !== 'apiservice-availability') expect(match.name).toBe(fragment.name);
    },
  );
});
