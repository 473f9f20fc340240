import type { Messages } from './messages.js';

export const de: Messages = {
  intlLocale: 'de-DE',
  dir: 'ltr',
  greeting: { named: 'Hallo {name},', anonymous: 'Hallo,' },
  units: {
    hour: { one: '# Stunde', other: '# Stunden' },
    minute: { one: '# Minute', other: '# Minuten' },
  },
  layout: {
    footer:
      'Sie erhalten diese E-Mail aufgrund einer Aktivität in Ihrem FluentMeet-Konto. Diese Nachricht wurde automatisch versendet; Antworten an diese Adresse werden nicht gelesen.',
    buttonFallback:
      'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link und fügen Sie ihn in Ihren Browser ein:',
  },
  verification: {
    subject: 'Bestätigen Sie Ihr FluentMeet-Konto',
    preheader:
      'Bestätigen Sie Ihre E-Mail-Adresse, um die Einrichtung Ihres FluentMeet-Kontos abzuschließen.',
    heading: 'Bestätigen Sie Ihre E-Mail-Adresse',
    intro:
      'Vielen Dank für Ihre Registrierung bei FluentMeet. Bitte bestätigen Sie, dass dies Ihre E-Mail-Adresse ist, damit wir die Einrichtung Ihres Kontos abschließen können.',
    button: 'E-Mail-Adresse bestätigen',
    expiry: 'Dieser Link ist {duration} lang gültig.',
    notYou:
      'Falls Sie kein FluentMeet-Konto erstellt haben, können Sie diese E-Mail ignorieren. Ohne diese Bestätigung wird kein Konto aktiviert.',
  },
  passwordReset: {
    subject: 'Setzen Sie Ihr FluentMeet-Passwort zurück',
    preheader: 'Mit diesem Link wählen Sie ein neues Passwort für Ihr FluentMeet-Konto.',
    heading: 'Passwort zurücksetzen',
    intro:
      'Wir haben eine Anfrage erhalten, das Passwort Ihres FluentMeet-Kontos zurückzusetzen. Über den folgenden Link können Sie ein neues Passwort wählen.',
    button: 'Passwort zurücksetzen',
    expiry: 'Dieser Link ist {duration} lang gültig und kann nur einmal verwendet werden.',
    notYou:
      'Falls Sie das Zurücksetzen Ihres Passworts nicht angefordert haben, können Sie diese E-Mail ignorieren. Ihr Passwort bleibt unverändert, bis Sie mit diesem Link ein neues wählen.',
  },
  accountExists: {
    subject: 'Sie haben bereits ein FluentMeet-Konto',
    preheader:
      'Jemand hat versucht, sich mit dieser E-Mail-Adresse zu registrieren. Falls Sie es waren, können Sie Ihr Passwort zurücksetzen.',
    heading: 'Sie haben bereits ein Konto',
    intro:
      'Soeben hat jemand versucht, sich mit dieser E-Mail-Adresse bei FluentMeet zu registrieren. Die Adresse gehört bereits zu Ihrem Konto, daher wurde kein neues Konto erstellt.',
    ifYou:
      'Falls Sie es waren und Ihr Passwort nicht mehr wissen, können Sie über den folgenden Link ein neues wählen.',
    button: 'Passwort zurücksetzen',
    expiry: 'Dieser Link ist {duration} lang gültig und kann nur einmal verwendet werden.',
    notYou:
      'Falls Sie es nicht waren, können Sie diese E-Mail ignorieren. Ihr Konto und Ihr Passwort bleiben unverändert, und die Person, die es versucht hat, hat nicht erfahren, dass zu dieser Adresse ein Konto besteht.',
  },
  passwordChanged: {
    subject: 'Ihr FluentMeet-Passwort wurde geändert',
    preheader:
      'Ihr FluentMeet-Passwort wurde am {date} geändert. Falls Sie das nicht waren, handeln Sie jetzt.',
    heading: 'Ihr Passwort wurde geändert',
    changed: 'Das Passwort Ihres FluentMeet-Kontos wurde am {date} geändert.',
    nothingToDo: 'Falls Sie diese Änderung vorgenommen haben, müssen Sie nichts weiter tun.',
    notYouLead: 'Falls Sie das nicht waren,',
    notYouBody:
      'hat möglicherweise eine andere Person Zugriff auf Ihr Konto. Setzen Sie Ihr Passwort sofort über „Passwort vergessen?“ auf der Anmeldeseite von FluentMeet zurück und wenden Sie sich anschließend an den FluentMeet-Support.',
  },
};
