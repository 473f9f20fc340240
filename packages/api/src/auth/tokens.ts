import { createHash, randomBytes } from 'node:crypto';

/** A fresh one-time token (32 random bytes, base64url) and the only thing stored of it. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** `{base}/{path}?token=…` from the configured public URL only, never from the request. */
export function linkTo(publicAppUrl: string, path: string, token: string): string {
  const base = publicAppUrl.replace(/\/+$/, '');
  return `${base}/${path}?token=${encodeURIComponent(token)}`;
}
