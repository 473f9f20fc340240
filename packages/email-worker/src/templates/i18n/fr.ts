import type { Messages } from './messages.js';

export const fr: Messages = {
  intlLocale: 'fr-FR',
  dir: 'ltr',
  greeting: { named: 'Bonjour {name},', anonymous: 'Bonjour,' },
  units: {
    hour: { one: '# heure', other: '# heures', many: '# d’heures' },
    minute: { one: '# minute', other: '# minutes', many: '# de minutes' },
  },
  layout: {
    footer:
      'Vous recevez cet e-mail en raison d’une activité sur votre compte FluentMeet. Ce message est envoyé automatiquement ; les réponses à cette adresse ne sont pas lues.',
    buttonFallback:
      'Si le bouton ne fonctionne pas, copiez ce lien et collez-le dans votre navigateur :',
  },
  verification: {
    subject: 'Confirmez votre compte FluentMeet',
    preheader:
      'Confirmez votre adresse e-mail pour terminer la création de votre compte FluentMeet.',
    heading: 'Confirmez votre adresse e-mail',
    intro:
      'Merci de votre inscription à FluentMeet. Veuillez confirmer qu’il s’agit bien de votre adresse e-mail afin que nous puissions finaliser la création de votre compte.',
    button: 'Confirmer mon adresse e-mail',
    expiry: 'Ce lien expire dans {duration}.',
    notYou:
      'Si vous n’avez pas créé de compte FluentMeet, vous pouvez ignorer cet e-mail. Aucun compte ne sera activé sans cette confirmation.',
  },
  passwordReset: {
    subject: 'Réinitialisez votre mot de passe FluentMeet',
    preheader:
      'Utilisez ce lien pour choisir un nouveau mot de passe pour votre compte FluentMeet.',
    heading: 'Réinitialisez votre mot de passe',
    intro:
      'Nous avons reçu une demande de réinitialisation du mot de passe de votre compte FluentMeet. Utilisez le lien ci-dessous pour choisir un nouveau mot de passe.',
    button: 'Réinitialiser mon mot de passe',
    expiry: 'Ce lien expire dans {duration} et ne peut être utilisé qu’une seule fois.',
    notYou:
      'Si vous n’avez pas demandé la réinitialisation de votre mot de passe, vous pouvez ignorer cet e-mail. Votre mot de passe reste inchangé tant que vous n’en choisissez pas un nouveau avec ce lien.',
  },
  accountExists: {
    subject: 'Vous avez déjà un compte FluentMeet',
    preheader:
      'Quelqu’un a tenté de s’inscrire avec cette adresse e-mail. Si c’était vous, vous pouvez réinitialiser votre mot de passe.',
    heading: 'Vous avez déjà un compte',
    intro:
      'Quelqu’un vient de tenter de s’inscrire à FluentMeet avec cette adresse e-mail. Elle est déjà associée à votre compte ; aucun nouveau compte n’a donc été créé.',
    ifYou:
      'Si c’était vous et que vous ne vous souvenez plus de votre mot de passe, utilisez le lien ci-dessous pour en choisir un nouveau.',
    button: 'Réinitialiser mon mot de passe',
    expiry: 'Ce lien expire dans {duration} et ne peut être utilisé qu’une seule fois.',
    notYou:
      'Si ce n’était pas vous, vous pouvez ignorer cet e-mail. Votre compte et votre mot de passe restent inchangés, et la personne à l’origine de cette tentative n’a pas été informée que cette adresse possède un compte.',
  },
  passwordChanged: {
    subject: 'Votre mot de passe FluentMeet a été modifié',
    preheader:
      'Votre mot de passe FluentMeet a été modifié le {date}. Si vous n’êtes pas à l’origine de ce changement, agissez dès maintenant.',
    heading: 'Votre mot de passe a été modifié',
    changed: 'Le mot de passe de votre compte FluentMeet a été modifié le {date}.',
    nothingToDo: 'Si vous êtes à l’origine de ce changement, vous n’avez rien d’autre à faire.',
    notYouLead: 'Si ce n’était pas vous,',
    notYouBody:
      'une autre personne a peut-être accès à votre compte. Réinitialisez immédiatement votre mot de passe avec « Mot de passe oublié ? » sur la page de connexion de FluentMeet, puis contactez l’assistance FluentMeet.',
  },
};
