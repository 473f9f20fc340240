import type { Messages } from './messages.js';

export const it: Messages = {
  intlLocale: 'it-IT',
  dir: 'ltr',
  greeting: { named: 'Ciao {name},', anonymous: 'Ciao,' },
  units: {
    hour: { one: '# ora', other: '# ore', many: '# di ore' },
    minute: { one: '# minuto', other: '# minuti', many: '# di minuti' },
  },
  layout: {
    footer:
      'Ricevi questa email a causa di un’attività sul tuo account FluentMeet. Questo è un messaggio automatico; le risposte a questo indirizzo non vengono lette.',
    buttonFallback: 'Se il pulsante non funziona, copia e incolla questo link nel tuo browser:',
  },
  verification: {
    subject: 'Verifica il tuo account FluentMeet',
    preheader:
      'Conferma il tuo indirizzo email per completare la configurazione del tuo account FluentMeet.',
    heading: 'Conferma il tuo indirizzo email',
    intro:
      'Grazie per esserti registrato a FluentMeet. Conferma che questo è il tuo indirizzo email, così potremo completare la configurazione del tuo account.',
    button: 'Verifica indirizzo email',
    expiry: 'Questo link scade tra {duration}.',
    notYou:
      'Se non hai creato un account FluentMeet, puoi ignorare questa email. Nessun account verrà attivato senza questa conferma.',
  },
  passwordReset: {
    subject: 'Reimposta la password di FluentMeet',
    preheader: 'Usa questo link per scegliere una nuova password per il tuo account FluentMeet.',
    heading: 'Reimposta la password',
    intro:
      'Abbiamo ricevuto una richiesta di reimpostazione della password del tuo account FluentMeet. Usa il link qui sotto per scegliere una nuova password.',
    button: 'Reimposta password',
    expiry: 'Questo link scade tra {duration} e può essere usato una sola volta.',
    notYou:
      'Se non hai chiesto di reimpostare la password, puoi ignorare questa email. La tua password resta invariata finché non ne scegli una nuova con questo link.',
  },
  accountExists: {
    subject: 'Hai già un account FluentMeet',
    preheader:
      'Qualcuno ha provato a registrarsi con questo indirizzo email. Se eri tu, puoi reimpostare la password.',
    heading: 'Hai già un account',
    intro:
      'Qualcuno ha appena provato a registrarsi a FluentMeet con questo indirizzo email. L’indirizzo appartiene già al tuo account, quindi non è stato creato alcun nuovo account.',
    ifYou: 'Se eri tu e non ricordi la password, usa il link qui sotto per sceglierne una nuova.',
    button: 'Reimposta password',
    expiry: 'Questo link scade tra {duration} e può essere usato una sola volta.',
    notYou:
      'Se non eri tu, puoi ignorare questa email. Il tuo account e la tua password restano invariati e a chi ci ha provato non è stato detto che questo indirizzo ha un account.',
  },
  passwordChanged: {
    subject: 'La password di FluentMeet è stata modificata',
    preheader:
      'La password di FluentMeet è stata modificata il {date}. Se non sei stato tu, intervieni subito.',
    heading: 'La tua password è stata modificata',
    changed: 'La password del tuo account FluentMeet è stata modificata il {date}.',
    nothingToDo: 'Se hai effettuato tu questa modifica, non devi fare nient’altro.',
    notYouLead: 'Se non sei stato tu,',
    notYouBody:
      'qualcun altro potrebbe avere accesso al tuo account. Reimposta subito la password con «Password dimenticata?» nella pagina di accesso di FluentMeet, poi contatta l’assistenza FluentMeet.',
  },
};
