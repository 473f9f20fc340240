import type { Messages } from './messages.js';

/** Brazilian Portuguese (the larger audience); `pt-PT` falls back to it too. */
export const pt: Messages = {
  intlLocale: 'pt-BR',
  dir: 'ltr',
  greeting: { named: 'Olá, {name},', anonymous: 'Olá,' },
  units: {
    hour: { one: '# hora', other: '# horas', many: '# de horas' },
    minute: { one: '# minuto', other: '# minutos', many: '# de minutos' },
  },
  layout: {
    footer:
      'Você está recebendo este e-mail devido a uma atividade na sua conta FluentMeet. Esta é uma mensagem automática; as respostas a este endereço não são lidas.',
    buttonFallback: 'Se o botão não funcionar, copie e cole este link no seu navegador:',
  },
  verification: {
    subject: 'Confirme sua conta FluentMeet',
    preheader:
      'Confirme seu endereço de e-mail para concluir a configuração da sua conta FluentMeet.',
    heading: 'Confirme seu endereço de e-mail',
    intro:
      'Obrigado por se cadastrar no FluentMeet. Confirme que este é o seu endereço de e-mail para que possamos concluir a configuração da sua conta.',
    button: 'Confirmar endereço de e-mail',
    expiry: 'Este link expira em {duration}.',
    notYou:
      'Se você não criou uma conta FluentMeet, pode ignorar este e-mail. Nenhuma conta será ativada sem esta confirmação.',
  },
  passwordReset: {
    subject: 'Redefina sua senha do FluentMeet',
    preheader: 'Use este link para escolher uma nova senha para sua conta FluentMeet.',
    heading: 'Redefina sua senha',
    intro:
      'Recebemos uma solicitação para redefinir a senha da sua conta FluentMeet. Use o link abaixo para escolher uma nova senha.',
    button: 'Redefinir senha',
    expiry: 'Este link expira em {duration} e só pode ser usado uma vez.',
    notYou:
      'Se você não pediu para redefinir sua senha, pode ignorar este e-mail. Sua senha continua a mesma até que você escolha uma nova com este link.',
  },
  accountExists: {
    subject: 'Você já tem uma conta FluentMeet',
    preheader:
      'Alguém tentou se cadastrar com este endereço de e-mail. Se foi você, pode redefinir sua senha.',
    heading: 'Você já tem uma conta',
    intro:
      'Alguém acabou de tentar se cadastrar no FluentMeet com este endereço de e-mail. Ele já pertence à sua conta, por isso nenhuma conta nova foi criada.',
    ifYou: 'Se foi você e não se lembra da sua senha, use o link abaixo para escolher uma nova.',
    button: 'Redefinir senha',
    expiry: 'Este link expira em {duration} e só pode ser usado uma vez.',
    notYou:
      'Se não foi você, pode ignorar este e-mail. Sua conta e sua senha continuam as mesmas, e quem tentou não foi informado de que este endereço tem uma conta.',
  },
  passwordChanged: {
    subject: 'Sua senha do FluentMeet foi alterada',
    preheader: 'Sua senha do FluentMeet foi alterada em {date}. Se não foi você, aja agora.',
    heading: 'Sua senha foi alterada',
    changed: 'A senha da sua conta FluentMeet foi alterada em {date}.',
    nothingToDo: 'Se foi você quem fez essa alteração, não é preciso fazer mais nada.',
    notYouLead: 'Se não foi você,',
    notYouBody:
      'outra pessoa pode ter acesso à sua conta. Redefina sua senha imediatamente com "Esqueceu a senha?" na página de login do FluentMeet e, em seguida, entre em contato com o suporte do FluentMeet.',
  },
};
