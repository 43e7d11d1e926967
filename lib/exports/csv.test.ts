import { describe, expect, it } from 'vitest';
import { formatCsvField, formatCsvRow, neutraliseFormula, streamCsv } from './csv';
import { parseCsv } from './testing';

describe('formatCsvField', () => {
  it('leaves plain text, numbers, booleans and empty values bare', () => {
    expect(formatCsvField('Fraud detection')).toBe('Fraud detection');
    expect(formatCsvField(42)).toBe('42');
    expect(formatCsvField(-1)).toBe('-1');
    expect(formatCsvField(false)).toBe('false');
    expect(formatCsvField(null)).toBe('');
    expect(formatCsvField(undefined)).toBe('');
    expect(formatCsvField('')).toBe('');
  });

  it('quotes a field holding a comma, quote, CR or LF, doubling inner quotes (RFC 4180)', () => {
    expect(formatCsvField('a,b')).toBe('"a,b"');
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsvField('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(formatCsvField('line 1\r\nline 2')).toBe('"line 1\r\nline 2"');
    expect(formatCsvField('{"a":1,"b":[2]}')).toBe('"{""a"":1,""b"":[2]}"');
  });

  it('neutralises text a spreadsheet would run as a formula: = + - @ tab and carriage return', () => {
    expect(formatCsvField('=HYPERLINK("http://evil.example","Click")')).toBe(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(formatCsvField('+1+cmd|/C calc!A0')).toBe("'+1+cmd|/C calc!A0");
    expect(formatCsvField('-2+3')).toBe("'-2+3");
    expect(formatCsvField('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(formatCsvField('\t=1+1')).toBe("'\t=1+1");
    expect(formatCsvField('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(formatCsvField('a=1')).toBe('a=1');
    expect(formatCsvField(' =1')).toBe(' =1');
  });

  it('neutraliseFormula changes only a dangerous first character', () => {
    expect(['=', '+', '-', '@', '\t', '\r'].map((c) => neutraliseFormula(`${c}x`))).toEqual(["'=x", "'+x", "'-x", "'@x", "'\tx", "'\rx"]);
    expect(neutraliseFormula("'=x")).toBe("'=x");
    expect(neutraliseFormula('x=')).toBe('x=');
  });
});

describe('formatCsvRow', () => {
  it('joins fields with commas and ends the record with CRLF', () => {
    expect(formatCsvRow(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });
});

describe('streamCsv', () => {
  const columns = [
    { header: 'Name', value: (r: { name: string; n: number }) => r.name },
    { header: 'N', value: (r: { name: string; n: number }) => r.n },
  ];

  it('writes a UTF-8 byte-order mark, the header and every batch, and reads back to the same values', async () => {
    const batches = [[{ name: 'Zoë, "the" model', n: 1 }], [{ name: '=1+1', n: 2 }, { name: 'two\nlines', n: 3 }]];
    const bytes = new Uint8Array(await new Response(streamCsv(columns, batches)).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text).toBe('Name,N\r\n"Zoë, ""the"" model",1\r\n\'=1+1,2\r\n"two\nlines",3\r\n');
    expect(parseCsv(text)).toEqual([['Name', 'N'], ['Zoë, "the" model', '1'], ["'=1+1", '2'], ['two\nlines', '3']]);
  });

  it('pulls a batch only when the reader asks for more', async () => {
    const pulled: number[] = [];
    function* batches() {
      for (let i = 0; i < 1000; i++) {
        pulled.push(i);
        yield [{ name: `row ${i}`, n: i }];
      }
    }
    const reader = streamCsv(columns, batches()).getReader();
    await reader.read();
    await reader.read();
    expect(pulled.length).toBeLessThan(5);
    await reader.cancel();
  });
});
