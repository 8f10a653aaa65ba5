import { describe, expect, it } from 'vitest';
import { SNIFF_BYTES, sniffInput } from '#core/logs/read/input-sniff.ts';

const LINE =
  'E0905 14:48:05.380329       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: x ünï 日本\n';

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const le = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
  return endian === 'le' ? le : Buffer.from(le).swap16();
}

describe('sniffInput', () => {
  it.each([
    ['gzip', [0x1f, 0x8b, 0x08, 0x00]],
    ['zstd', [0x28, 0xb5, 0x2f, 0xfd, 0x00]],
    ['bzip2', [0x42, 0x5a, 0x68, 0x39]],
    ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
    ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ])('knows %s by its magic number', (format, bytes) => {
    // Act / Assess
    expect(sniffInput(Uint8Array.from(bytes))).toEqual({ kind: 'compressed', format });
  });

  it.each([
    ['le', true],
    ['le', false],
    ['be', true],
    ['be', false],
  ] as const)('knows UTF-16%s text (byte order mark: %s)', (endian, bom) => {
    // Act / Assess
    expect(sniffInput(utf16(LINE.repeat(3), endian, bom))).toEqual({ kind: 'utf16', endian, bom });
  });

  it('reads UTF-8 text, with or without a byte order mark, ANSI colours and tabs included', () => {
    // Prepare
    const text = Buffer.from(`\u001b[31m${LINE}\t${LINE}`);

    // Act / Assess
    expect(sniffInput(text)).toEqual({ kind: 'utf8', bom: false });
    expect(sniffInput(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]))).toEqual({
      kind: 'utf8',
      bom: true,
    });
    expect(sniffInput(new Uint8Array(0))).toEqual({ kind: 'utf8', bom: false });
  });

  it('accepts a little Latin-1 in UTF-8 text, and a multi-byte character cut by the sniff window', () => {
    // Prepare
    const latin1 = Buffer.from(`${LINE.slice(0, 60)}caf\xe9 ${LINE}`, 'latin1');
    const cut = Buffer.concat([
      Buffer.alloc(SNIFF_BYTES - 1, 0x61),
      Buffer.from('日').subarray(0, 1),
    ]);

    // Act / Assess
    expect(sniffInput(latin1)).toEqual({ kind: 'utf8', bom: false });
    expect(sniffInput(cut, false)).toEqual({ kind: 'utf8', bom: false });
  });

  it('calls data with a zero byte or much that is not text binary, naming the first such byte', () => {
    // Prepare
    const zero = Buffer.from(`${LINE}\0rest`);
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => 0x80 + ((i * 7) % 0x40)));
    noise.write('abc', 0);

    // Act / Assess
    expect(sniffInput(zero)).toEqual({ kind: 'binary', offset: Buffer.byteLength(LINE) });
    expect(sniffInput(noise)).toEqual({ kind: 'binary', offset: 3 });
  });
});
