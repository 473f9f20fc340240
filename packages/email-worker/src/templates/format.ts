function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "24 hours", "1 hour". */
export function formatHours(hours: number): string {
  return plural(hours, 'hour');
}

/** "60 minutes", "45 minutes"; whole hours from two hours up read as hours ("24 hours"). */
export function formatMinutes(minutes: number): string {
  return minutes >= 120 && minutes % 60 === 0
    ? formatHours(minutes / 60)
    : plural(minutes, 'minute');
}

const UTC_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Saturday 28 November 2026 at 00:12 UTC" (the recipient's zone is unknown, so UTC, said so). */
export function formatUtc(iso: string): string {
  const parts = Object.fromEntries(
    UTC_FORMAT.formatToParts(new Date(iso)).map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute} UTC`;
}

/** "Hi Ada," or "Hi there," when the name is unknown. */
export function greeting(fullName: string | undefined): string {
  return `Hi ${fullName ?? 'there'},`;
}
