import { randomBytes } from 'node:crypto';

export interface MultipartBody {
  body: Buffer;
  contentType: string;
}

/**
 * Encodes text fields as one multipart/form-data buffer (RFC 7578). undici's
 * FormData streams each part as its own chunk through web streams; on the hot
 * path that cost more CPU than the rest of a send (see docs/benchmarks.md), and
 * our parts are short strings known up front, so one buffer and one write suffice.
 * Field names are our own constants; values are sent as UTF-8 unchanged.
 */
export function encodeMultipart(
  fields: readonly (readonly [string, string])[],
  newBoundary: () => string = randomBoundary,
): MultipartBody {
  let boundary = newBoundary();
  while (fields.some(([, value]) => value.includes(boundary))) boundary = newBoundary();
  let text = '';
  for (const [name, value] of fields) {
    text += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  text += `--${boundary}--\r\n`;
  return {
    body: Buffer.from(text, 'utf8'),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

// A random prefix per process and a counter: unique boundaries without asking the
// OS for randomness on every send (that showed in the profile); the check above
// guarantees a value never contains the boundary in use.
const prefix = randomBytes(8).toString('hex');
let counter = 0;

function randomBoundary(): string {
  counter = (counter + 1) % 0x1000000;
  return `----fluentmeet${prefix}${counter.toString(16).padStart(8, '0')}`;
}
