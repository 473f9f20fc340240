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

/** Envelope schema per template (the members of the union below). */
export const ENVELOPE_BY_TEMPLATE = {
  verification: VerificationEnvelope,
  password_reset: PasswordResetEnvelope,
  password_changed: PasswordChangedEnvelope,
  account_exists: AccountExistsEnvelope,
} as const;

/** The version-1 envelope: a union discriminated by `template`. */
export const EmailEnvelope = Type.Union(
  [VerificationEnvelope, PasswordResetEnvelope, PasswordChangedEnvelope, AccountExistsEnvelope],
  {
    $id: 'https://schemas.fluentmeet.com/email-envelope/v1.json',
    title: 'EmailEnvelope',
    description: 'A transactional email to send, as published on notifications.email (version 1).',
  },
);
export type EmailEnvelope = Static<typeof EmailEnvelope>;

/** What a producer supplies; the metadata (`id`, `version`, `createdAt`) is filled in. */
export type EmailRequest = {
  [T in TemplateName]: {
    to: string;
    subject?: string;
    template: T;
    data: TemplateData<T>;
    correlationId?: string;
    notAfter?: string | Date;
    /** BCP 47 tag of the recipient's language; English when missing. */
    locale?: string;
  };
}[TemplateName];
