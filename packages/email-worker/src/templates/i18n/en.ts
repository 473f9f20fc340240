import type { Messages } from './messages.js';

export const en: Messages = {
  intlLocale: 'en-GB',
  dir: 'ltr',
  greeting: { named: 'Hi {name},', anonymous: 'Hi there,' },
  units: {
    hour: { one: '# hour', other: '# hours' },
    minute: { one: '# minute', other: '# minutes' },
  },
  layout: {
    footer:
      'You are receiving this email because of activity on your FluentMeet account. This is an automated message; replies to this address are not read.',
    buttonFallback: "If the button doesn't work, copy and paste this link into your browser:",
  },
  verification: {
    subject: 'Verify your FluentMeet account',
    preheader: 'Confirm your email address to finish setting up your FluentMeet account.',
    heading: 'Confirm your email address',
    intro:
      'Thanks for signing up for FluentMeet. Please confirm that this is your email address so we can finish setting up your account.',
    button: 'Verify email address',
    expiry: 'This link expires in {duration}.',
    notYou:
      "If you didn't create a FluentMeet account, you can safely ignore this email. No account will be activated without this confirmation.",
  },
  passwordReset: {
    subject: 'Reset your FluentMeet password',
    preheader: 'Use this link to choose a new password for your FluentMeet account.',
    heading: 'Reset your password',
    intro:
      'We received a request to reset the password for your FluentMeet account. Use the link below to choose a new password.',
    button: 'Reset password',
    expiry: 'This link expires in {duration} and can be used only once.',
    notYou:
      "If you didn't ask to reset your password, you can ignore this email. Your password stays the same until you choose a new one with this link.",
  },
  accountExists: {
    subject: 'You already have a FluentMeet account',
    preheader:
      'Someone tried to sign up with this email address. If it was you, you can reset your password.',
    heading: 'You already have an account',
    intro:
      'Someone just tried to sign up for FluentMeet with this email address. It already belongs to your account, so no new account was created.',
    ifYou:
      "If it was you and you don't remember your password, use the link below to choose a new one.",
    button: 'Reset password',
    expiry: 'This link expires in {duration} and can be used only once.',
    notYou:
      "If it wasn't you, you can ignore this email. Your account and your password stay as they are, and whoever tried was not told that this address has an account.",
  },
  passwordChanged: {
    subject: 'Your FluentMeet password was changed',
    preheader: "Your FluentMeet password was changed on {date}. If this wasn't you, act now.",
    heading: 'Your password was changed',
    changed: 'The password for your FluentMeet account was changed on {date}.',
    nothingToDo: 'If you made this change, there is nothing else to do.',
    notYouLead: "If this wasn't you,",
    notYouBody:
      'someone else may have access to your account. Reset your password right away with "Forgot password?" on the FluentMeet sign-in page, then contact FluentMeet support.',
  },
};
