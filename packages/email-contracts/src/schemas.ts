import { Type, type Static, type TObject } from '@sinclair/typebox';
import { MAX_LOCALE_LENGTH } from './locale.js';

const NoLineBreaks = '^[^\\r\\n]*$';

/** A single recipient address: `isEmail` is its `email` format, in TypeBox and in the API's ajv. */
export const EmailAddress = Type.String({
  format: 'email',
  maxLength: 254,
  description:
    'One mailbox: an ASCII dot-atom local part of at most 64 characters, @, a domain of letter-digit-hyphen labels of at most 63 characters; an internationalised domain may be written in Unicode and is measured in its ASCII (IDNA) form. At most 254 characters. Case, Unicode form and IDN spelling do not make another address.',
});

/** An absolute http(s) URL; links are only ever put in `href` after this check. */
export const HttpUrl = Type.String({ format: 'uri', pattern: '^https?://\\S+$', maxLength: 2048 });

export const IsoDateTime = Type.String({ format: 'date-time' });

/**
 * The recipient's language as a BCP 47 tag (`fr`, `pt-BR`); checked with
 * `Intl.getCanonicalLocales` (format `bcp47`). Optional in envelope version 1 (since
 * contracts 5.2.0): without it, or with a language FluentMeet has no templates for, the
 * email is sent in English.
 */
export const Locale = Type.String({
  format: 'bcp47',
  minLength: 2,
  maxLength: MAX_LOCALE_LENGTH,
  pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$',
  description:
    "The recipient's language, a BCP 47 tag (en, fr, de, es, it, pt; pt-BR falls back to pt). Optional: without it, or for a language without templates, the email is in English.",
});

/**
 * A person's name, printed into emails to any address: no control characters (C0, DEL,
 * C1; line breaks included) and no bidi embeddings, overrides or isolates
 * (U+202A–U+202E, U+2066–U+2069), which could make the text around it read otherwise.
 */
export const FullName = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$',
});

/** Data of the `verification` template. */
export const VerificationData = Type.Object(
  {
    verification_link: HttpUrl,
    full_name: Type.Optional(FullName),
    expires_in_hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
  },
  { additionalProperties: false },
);

/** Data of the `password_reset` template. */
export const PasswordResetData = Type.Object(
  {
    reset_link: HttpUrl,
    expires_in_minutes: Type.Integer({ minimum: 1, maximum: 10_080 }),
    full_name: Type.Optional(FullName),
  },
  { additionalProperties: false },
);

/** Data of the `password_changed` template. */
export const PasswordChangedData = Type.Object(
  {
    changed_at: IsoDateTime,
    full_name: Type.Optional(FullName),
  },
  { additionalProperties: false },
);

/**
 * Data of the `account_exists` template: sent instead of a second account when someone
 * signs up with an address that already has one, with a link to reset its password.
 */
export const AccountExistsData = Type.Object(
  {
    reset_link: HttpUrl,
    expires_in_minutes: Type.Integer({ minimum: 1, maximum: 10_080 }),
    full_name: Type.Optional(FullName),
  },
  { additionalProperties: false },
);

/** Per-template data schemas, keyed by template name. */
export const TEMPLATE_DATA = {
  verification: VerificationData,
  password_reset: PasswordResetData,
  password_changed: PasswordChangedData,
  account_exists: AccountExistsData,
} as const;

export type TemplateName = keyof typeof TEMPLATE_DATA;
export const TEMPLATE_NAMES = Object.keys(TEMPLATE_DATA) as TemplateName[];
export type TemplateData<T extends TemplateName> = Static<(typeof TEMPLATE_DATA)[T]>;

/** Fields of every envelope, whatever its template. */
const metadata = {
  id: Type.String({
    format: 'uuid',
    description: 'Unique per email (UUIDv7); trace and de-duplication key.',
  }),
  version: Type.Literal(1),
  createdAt: IsoDateTime,
  to: EmailAddress,
  subject: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: NoLineBreaks })),
  correlationId: Type.Optional(
    Type.String({ minLength: 1, maxLength: 128, pattern: NoLineBreaks }),
  ),
  notAfter: Type.Optional(IsoDateTime),
  locale: Type.Optional(Locale),
};

function variant<T extends TemplateName, D extends TObject>(template: T, data: D) {
  return Type.Object(
    { ...metadata, template: Type.Literal<T>(template), data },
    { additionalProperties: false, title: `EmailEnvelope<${template}>` },
  );
}

export const VerificationEnvelope = variant('verification', VerificationData);
export const PasswordResetEnvelope = variant('password_reset', PasswordResetData);
export const PasswordChangedEnvelope = variant('password_changed', PasswordChangedData);
export const AccountExistsEnvelope = variant('account_exists', AccountExistsData);

/**
 * Size caps of a rendered (`custom`) email, in characters (UTF-16 code units, which
 * is what JavaScript's `length` and TypeBox count; JSON Schema validators count code
 * points, which is never more). JSON-encoded, a character takes at most 6 bytes (a
 * control character written as `\u0000`), so the largest valid envelope is about
 * 6 × (65 536 + 32 768 + the metadata) ≈ 593 KB: well inside Kafka's default 1 MB
 * record limit (`message.max.bytes` 1 048 588) with room for the retry and
 * dead-letter headers. Ordinary HTML is about 1 byte per character: at most ~100 KB,
 * under the ~102 KB beyond which Gmail clips a message. None of it goes into the
 * `o:`/`h:`/`v:` fields Mailgun limits to 16 KB in total.
 */
export const CUSTOM_LIMITS = {
  /** `html`: the whole HTML document, sent as given. */
  htmlMaxLength: 65_536,
  /** `text`: the plain-text part; derived from `html` when absent. */
  textMaxLength: 32_768,
} as const;

/** The template name of an email whose body the producer rendered itself. */
export const CUSTOM_TEMPLATE = 'custom';

/**
 * An email the producer rendered: `subject` and `html` required, `text` optional
 * (the worker derives it from `html`), `tracking` opts in to Mailgun's open and
 * click tracking (off when absent). The HTML is sent unchanged, without the
 * worker's layout.
 */
export const CustomEnvelope = Type.Object(
  {
    ...metadata,
    subject: Type.String({ minLength: 1, maxLength: 255, pattern: NoLineBreaks }),
    template: Type.Literal(CUSTOM_TEMPLATE),
    html: Type.String({
      minLength: 1,
      maxLength: CUSTOM_LIMITS.htmlMaxLength,
      description:
        'The HTML body, sent unchanged (no layout, no escaping). At most 65 536 characters.',
    }),
    text: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: CUSTOM_LIMITS.textMaxLength,
        description:
          'The plain-text part. When absent, the worker derives it from `html`. At most 32 768 characters.',
      }),
    ),
    tracking: Type.Optional(
      Type.Boolean({
        description:
          "true lets Mailgun track opens and clicks (the domain's setting); off when absent.",
      }),
    ),
  },
  { additionalProperties: false, title: `EmailEnvelope<${CUSTOM_TEMPLATE}>` },
);

/** Every `template` an envelope may name: the worker's templates and `custom`. */
export type EnvelopeTemplate = TemplateName | typeof CUSTOM_TEMPLATE;
export const ENVELOPE_TEMPLATES: readonly EnvelopeTemplate[] = [...TEMPLATE_NAMES, CUSTOM_TEMPLATE];

/** Envelope schema per template (the members of the union below). */
export const ENVELOPE_BY_TEMPLATE = {
  verification: VerificationEnvelope,
  password_reset: PasswordResetEnvelope,
  password_changed: PasswordChangedEnvelope,
  account_exists: AccountExistsEnvelope,
  custom: CustomEnvelope,
} as const;

/** The version-1 envelope: a union discriminated by `template`. */
export const EmailEnvelope = Type.Union(
  [
    VerificationEnvelope,
    PasswordResetEnvelope,
    PasswordChangedEnvelope,
    AccountExistsEnvelope,
    CustomEnvelope,
  ],
  {
    $id: 'https://schemas.fluentmeet.com/email-envelope/v1.json',
    title: 'EmailEnvelope',
    description: 'A transactional email to send, as published on notifications.email (version 1).',
  },
);
export type EmailEnvelope = Static<typeof EmailEnvelope>;

/** The fields every request may carry besides its body. */
interface RequestMetadata {
  to: string;
  correlationId?: string;
  notAfter?: string | Date;
  /** BCP 47 tag of the recipient's language; English when missing. */
  locale?: string;
}

/** A request for one of the worker's templates: its name and data (`subject` overrides the default). */
export type TemplateEmailRequest = {
  [T in TemplateName]: RequestMetadata & {
    subject?: string;
    template: T;
    data: TemplateData<T>;
    /** Only a `custom` email carries a body: a template with `html` does not compile. */
    html?: never;
    text?: never;
    tracking?: never;
  };
}[TemplateName];

/**
 * A request with a body the producer rendered: `subject` and `html`, `text` optional
 * (derived from `html` when absent), `tracking` off unless `true`. `template` may be
 * left out (it is `custom`); `data` does not compile.
 */
export type CustomEmailRequest = RequestMetadata & {
  template?: typeof CUSTOM_TEMPLATE;
  subject: string;
  html: string;
  text?: string;
  tracking?: boolean;
  data?: never;
};

/** What a producer supplies, in either form; the metadata (`id`, `version`, `createdAt`) is filled in. */
export type EmailRequest = TemplateEmailRequest | CustomEmailRequest;
