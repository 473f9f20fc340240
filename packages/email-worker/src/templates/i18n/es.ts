import type { Messages } from './messages.js';

export const es: Messages = {
  intlLocale: 'es-ES',
  dir: 'ltr',
  greeting: { named: 'Hola, {name}:', anonymous: 'Hola:' },
  units: {
    hour: { one: '# hora', other: '# horas', many: '# de horas' },
    minute: { one: '# minuto', other: '# minutos', many: '# de minutos' },
  },
  layout: {
    footer:
      'Recibes este correo electrónico debido a la actividad de tu cuenta de FluentMeet. Es un mensaje automático; las respuestas a esta dirección no se leen.',
    buttonFallback: 'Si el botón no funciona, copia este enlace y pégalo en tu navegador:',
  },
  verification: {
    subject: 'Verifica tu cuenta de FluentMeet',
    preheader:
      'Confirma tu dirección de correo electrónico para terminar de configurar tu cuenta de FluentMeet.',
    heading: 'Confirma tu dirección de correo electrónico',
    intro:
      'Gracias por registrarte en FluentMeet. Confirma que esta es tu dirección de correo electrónico para que podamos terminar de configurar tu cuenta.',
    button: 'Verificar dirección de correo',
    expiry: 'Este enlace caduca en {duration}.',
    notYou:
      'Si no has creado una cuenta de FluentMeet, puedes ignorar este correo. No se activará ninguna cuenta sin esta confirmación.',
  },
  passwordReset: {
    subject: 'Restablece tu contraseña de FluentMeet',
    preheader: 'Usa este enlace para elegir una nueva contraseña para tu cuenta de FluentMeet.',
    heading: 'Restablece tu contraseña',
    intro:
      'Hemos recibido una solicitud para restablecer la contraseña de tu cuenta de FluentMeet. Usa el enlace de abajo para elegir una nueva contraseña.',
    button: 'Restablecer contraseña',
    expiry: 'Este enlace caduca en {duration} y solo se puede usar una vez.',
    notYou:
      'Si no has solicitado restablecer tu contraseña, puedes ignorar este correo. Tu contraseña seguirá siendo la misma hasta que elijas una nueva con este enlace.',
  },
  accountExists: {
    subject: 'Ya tienes una cuenta de FluentMeet',
    preheader:
      'Alguien ha intentado registrarse con esta dirección de correo. Si has sido tú, puedes restablecer tu contraseña.',
    heading: 'Ya tienes una cuenta',
    intro:
      'Alguien acaba de intentar registrarse en FluentMeet con esta dirección de correo electrónico. Ya pertenece a tu cuenta, así que no se ha creado ninguna cuenta nueva.',
    ifYou:
      'Si has sido tú y no recuerdas tu contraseña, usa el enlace de abajo para elegir una nueva.',
    button: 'Restablecer contraseña',
    expiry: 'Este enlace caduca en {duration} y solo se puede usar una vez.',
    notYou:
      'Si no has sido tú, puedes ignorar este correo. Tu cuenta y tu contraseña siguen igual, y a quien lo intentó no se le ha dicho que esta dirección tiene una cuenta.',
  },
  passwordChanged: {
    subject: 'Se ha cambiado tu contraseña de FluentMeet',
    preheader: 'Tu contraseña de FluentMeet se cambió el {date}. Si no has sido tú, actúa ahora.',
    heading: 'Se ha cambiado tu contraseña',
    changed: 'La contraseña de tu cuenta de FluentMeet se cambió el {date}.',
    nothingToDo: 'Si has hecho tú este cambio, no tienes que hacer nada más.',
    notYouLead: 'Si no has sido tú,',
    notYouBody:
      'es posible que otra persona tenga acceso a tu cuenta. Restablece tu contraseña de inmediato con «¿Has olvidado tu contraseña?» en la página de inicio de sesión de FluentMeet y, después, ponte en contacto con el soporte de FluentMeet.',
  },
};
