const SECONDS =
  /try again (?:after|in) (\d+(?:\.\d+)?) ?(seconds?|secs?|s|minutes?|mins?|milliseconds?|ms)\b/i;
const AFTER = /try again (?:after|at|in) ([^"\n]*)/i;
// A date Mailgun writes (RFC 1123, HTTP-date or Go's default "2006-01-02 15:04:05 +0000 UTC");
// Date.parse is lenient, so only strings that look like one of those are handed to it.
const LOOKS_LIKE_DATE = /\d{1,2}:\d{2}/;
const MIN_PLAUSIBLE = Date.UTC(2000, 0, 1);

function unitMs(unit: string): number {
  const u = unit.toLowerCase();
  if (u.startsWith('ms') || u.startsWith('milli')) return 1;
  if (u.startsWith('m')) return 60_000;
  return 1_000;
}

function parseDate(text: string): number | undefined {
  const cleaned = text.trim().replace(/[.;,)'\s]+$/, '');
  if (!LOOKS_LIKE_DATE.test(cleaned)) return undefined;
  const at = Date.parse(cleaned);
  return Number.isFinite(at) && at >= MIN_PLAUSIBLE ? at : undefined;
}

/**
 * Reads the wait Mailgun puts in a rate-limit body ("try again after 120 seconds"
 * or "try again after <date>") and returns the earliest retry time in epoch ms.
 */
export function parseBodyWait(body: string, now: number): number | undefined {
  const seconds = SECONDS.exec(body);
  if (seconds) return now + Math.ceil(Number(seconds[1]) * unitMs(seconds[2]!));
  const after = AFTER.exec(body);
  return after ? parseDate(after[1]!) : undefined;
}

/** RFC 9110 Retry-After: delay in seconds or an HTTP-date. */
export function parseRetryAfterHeader(
  value: string | string[] | undefined,
  now: number,
): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return now + Number(trimmed) * 1_000;
  return parseDate(trimmed);
}

/**
 * The earliest retry time from a response: the later of the body's and the
 * Retry-After header's waits, `fallbackMs` from now when neither gives one,
 * and never before `now`.
 */
export function retryAtFrom(
  body: string,
  retryAfter: string | string[] | undefined,
  now: number,
  fallbackMs: number,
): number {
  const waits = [parseBodyWait(body, now), parseRetryAfterHeader(retryAfter, now)].filter(
    (at): at is number => at !== undefined,
  );
  if (waits.length === 0) return now + fallbackMs;
  return Math.max(now, ...waits);
}
