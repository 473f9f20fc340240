/**
 * The strings of every email, one catalogue per language (en.ts, fr.ts, …). Each
 * catalogue is typed `Messages`, so a missing or misspelt string in any language is a
 * compile error, as a missing template is. Placeholders are part of the type: a string
 * that must name `{duration}` does not compile without it.
 */

/** Plural forms by `Intl.PluralRules` category; `#` is the formatted number. */
export interface PluralForms {
  one: `${string}#${string}`;
  other: `${string}#${string}`;
  /** French, Spanish, Italian and Portuguese use it for millions; `other` when absent. */
  many?: `${string}#${string}`;
}

type With<P extends string> = `${string}{${P}}${string}`;

export interface LinkEmailMessages {
  subject: string;
  /** Hidden preview text shown by inboxes next to the subject. */
  preheader: string;
  heading: string;
  /** What happened and what the link is for (reads right above a button or a bare link). */
  intro: string;
  /** Button label: says where the link leads, on its own. */
  button: string;
  /** `{duration}` is e.g. "24 hours". */
  expiry: With<'duration'>;
  /** What to do if the recipient did not ask for this email. */
  notYou: string;
}

export interface Messages {
  /** BCP 47 tag given to `Intl` for dates and numbers. */
  intlLocale: string;
  dir: 'ltr' | 'rtl';
  greeting: { named: With<'name'>; anonymous: string };
  units: { hour: PluralForms; minute: PluralForms };
  /** `{date}` is the weekday, date and time with its time zone (e.g. "… 00:12 UTC"). */
  layout: {
    /** Why the recipient gets this email and that replies are not read. */
    footer: string;
    /** Above the link repeated as text under the button. */
    buttonFallback: string;
  };
  verification: LinkEmailMessages;
  passwordReset: LinkEmailMessages;
  accountExists: LinkEmailMessages & {
    /** If it was the recipient: how to get in. */
    ifYou: string;
  };
  passwordChanged: {
    subject: string;
    preheader: With<'date'>;
    heading: string;
    changed: With<'date'>;
    nothingToDo: string;
    /** Shown in bold, followed by `notYouBody`. */
    notYouLead: string;
    notYouBody: string;
  };
}
