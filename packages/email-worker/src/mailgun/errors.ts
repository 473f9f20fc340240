/** Thrown by the MailgunClient constructor when the configuration is unusable. */
export class MailgunConfigError extends Error {
  override readonly name = 'MailgunConfigError';
  readonly code = 'MAILGUN_CONFIG_INVALID';
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid Mailgun configuration: ${problems.join('; ')}`);
    this.problems = problems;
  }
}
