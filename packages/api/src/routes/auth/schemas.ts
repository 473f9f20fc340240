import { EmailAddress, FullName, LANGUAGES } from '@fluentmeet/email-contracts';
import { Type } from '@sinclair/typebox';
import { Password } from '../../auth/passwords.js';

export { PublicUser } from '../../auth/public-user.js';

/** A one-time token as it appears in a link (32 bytes, base64url); anything else is simply unknown. */
const TokenString = Type.String({ minLength: 1, maxLength: 512 });

/** One of FluentMeet's languages: every email to the account is written in it. */
export const UserLanguage = Type.Union(
  LANGUAGES.map((language) => Type.Literal(language)),
  {
    description:
      'The language of every email to this account. Without it, the best match of the Accept-Language header, else en.',
  },
);

export const SignupBody = Type.Object(
  {
    email: EmailAddress,
    password: Password,
    full_name: Type.Optional(FullName),
    language: Type.Optional(UserLanguage),
  },
  { additionalProperties: false },
);

export const EmailBody = Type.Object({ email: EmailAddress }, { additionalProperties: false });

export const TokenBody = Type.Object({ token: TokenString }, { additionalProperties: false });

export const ResetBody = Type.Object(
  { token: TokenString, new_password: Password },
  { additionalProperties: false },
);

export const MessageResponse = Type.Object({ message: Type.String() });

/** The one answer to signup, whoever the address belongs to. */
export const SIGNUP_ACCEPTED = {
  message: 'Check your inbox: we have sent you an email to finish signing up.',
} as const;

/** The one answer to resend-verification and forgot-password, whoever the address belongs to. */
export const ACCEPTED = {
  message: 'If an account needs it, an email is on its way to that address.',
} as const;
