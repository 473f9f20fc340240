/** What stands in for a secret, in logs and in error messages alike. */
export const REDACTED = '[redacted]';

// Query parameters that carry one-time tokens or keys in links and provider URLs.
const SECRET_PARAMETER = /([?&](?:token|key|api_key|signature|code)=)[^&#\s"']+/gi;
const AUTHORIZATION = /(authorization:\s*)\S+(\s+\S+)?/gi;

/**
 * Replaces the given secrets, token-like query parameters and authorization values in
 * a text with `REDACTED`. Secrets shorter than 4 characters are ignored (they would
 * match everywhere).
 *
 * @example
 * redactText('GET /verify-email?token=abc'); // 'GET /verify-email?token=[redacted]'
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  return result.replace(SECRET_PARAMETER, `$1${REDACTED}`).replace(AUTHORIZATION, `$1${REDACTED}`);
}

/** `ada@example.com` → `a***@example.com`: keeps the domain for debugging, hides the person. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address[0]}***${address.slice(at)}`;
}
