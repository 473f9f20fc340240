import { Response } from 'undici';
import { describe, expect, it } from 'vitest';
import { encodeMultipart } from '../../src/mailgun/multipart.js';

async function decode(encoded: ReturnType<typeof encodeMultipart>): Promise<[string, string][]> {
  const form = await new Response(encoded.body, {
    headers: { 'content-type': encoded.contentType },
  }).formData();
  return [...form.entries()].map(([name, value]) => [
    name,
    typeof value === 'string' ? value : 'file',
  ]);
}

describe('encodeMultipart', () => {
  it('round-trips fields, in order, through a standard multipart parser', async () => {
    const fields: [string, string][] = [
      ['to', 'ada@example.com'],
      ['subject', 'Grüße — “quoted” ✓'],
      ['html', '<p class="x">Hi</p>\r\n<a href="https://x.io/?a=1&b=2">go</a>'],
      ['o:tag', 'verification'],
      ['v:envelope_id', '01a21f83-1998-7a71-82bd-8a827ebd72bc'],
    ];
    expect(await decode(encodeMultipart(fields))).toEqual(fields);
  });

  it('uses a random boundary, and a fresh one when a value contains it', async () => {
    expect(encodeMultipart([['a', 'x']]).contentType).toMatch(
      /^multipart\/form-data; boundary=----fluentmeet[0-9a-f]{24}$/,
    );
    const candidates = ['taken', 'free'];
    const tricky: [string, string][] = [
      ['text', 'a line\r\n--taken\r\nthat looks like a boundary'],
    ];
    const encoded = encodeMultipart(tricky, () => candidates.shift()!);
    expect(encoded.contentType).toBe('multipart/form-data; boundary=free');
    expect(await decode(encoded)).toEqual(tricky);
  });
});
