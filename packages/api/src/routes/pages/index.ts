import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PASSWORD_LENGTH } from '../../auth/passwords.js';
import { AppError } from '../../errors.js';
import { errorBlock, escapeHtml, page, sendPage } from './html.js';

const { min: MIN, max: MAX } = PASSWORD_LENGTH;

const PageQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 512 })) });
const VerifyForm = Type.Object({ token: Type.Optional(Type.String({ maxLength: 512 })) });
const ResetForm = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 512 })),
  new_password: Type.Optional(Type.String({ maxLength: 1024 })),
  confirm_password: Type.Optional(Type.String({ maxLength: 1024 })),
});

function resetForm(token: string, problem?: string): string {
  const alert =
    problem === undefined ? '' : `<p class="error" role="alert">${escapeHtml(problem)}</p>`;
  return `${alert}
<form method="post" action="/reset-password">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label for="new_password">New password (${MIN} to ${MAX} characters)</label>
<input id="new_password" name="new_password" type="password" autocomplete="new-password" minlength="${MIN}" maxlength="${MAX}" required autofocus>
<label for="confirm_password">Repeat the new password</label>
<input id="confirm_password" name="confirm_password" type="password" autocomplete="new-password" minlength="${MIN}" maxlength="${MAX}" required>
<button type="submit">Set new password</button>
</form>`;
}

function verifyForm(token: string): string {
  return `<p>To finish setting up your FluentMeet account, confirm that this email address is yours.</p>
<form method="post" action="/verify-email">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit" autofocus>Verify email address</button>
</form>`;
}

function missingToken(): string {
  return page(
    'Link incomplete',
    errorBlock('INVALID_TOKEN', 'The link has no token. Open it again from the email.'),
  );
}

/**
 * The two pages the email links open in development: plain server-rendered HTML,
 * no scripts. Outcomes carry the same codes as the JSON API.
 */
const pages: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('onRequest', fastify.limits.perIp);
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 8192 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  // Mail scanners fetch every link in an email: the GET only shows the button, the POST confirms.
  fastify.get(
    '/verify-email',
    { schema: { hide: true, querystring: PageQuery } },
    async (request, reply) => {
      const { token } = request.query;
      if (token === undefined || token === '') return sendPage(reply, 400, missingToken());
      return sendPage(reply, 200, page('Confirm your email address', verifyForm(token)));
    },
  );

  fastify.post(
    '/verify-email',
    { schema: { hide: true, body: VerifyForm }, attachValidation: true },
    async (request, reply) => {
      const { token = '' } = request.validationError === undefined ? (request.body ?? {}) : {};
      if (token === '') return sendPage(reply, 400, missingToken());
      try {
        const user = await fastify.auth.verifyEmail(token);
        return sendPage(
          reply,
          200,
          page(
            'Email confirmed',
            `<p class="ok" role="status" data-code="VERIFIED">Your account <strong>${escapeHtml(user.email)}</strong> is verified. You can close this page.</p>`,
          ),
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return sendPage(
          reply,
          error.statusCode,
          page('Email not confirmed', errorBlock(error.code, error.message)),
        );
      }
    },
  );

  fastify.get(
    '/reset-password',
    { schema: { hide: true, querystring: PageQuery } },
    async (request, reply) => {
      const { token } = request.query;
      if (token === undefined || token === '') return sendPage(reply, 400, missingToken());
      return sendPage(reply, 200, page('Choose a new password', resetForm(token)));
    },
  );

  fastify.post(
    '/reset-password',
    { schema: { hide: true, body: ResetForm }, attachValidation: true },
    async (request, reply) => {
      const {
        token = '',
        new_password: password = '',
        confirm_password: confirm = '',
      } = request.validationError === undefined ? request.body : {};
      if (token === '') return sendPage(reply, 400, missingToken());
      const title = 'Choose a new password';
      // Characters as the JSON API's schema counts them (code points).
      const length = [...password].length;
      if (length < MIN || length > MAX) {
        return sendPage(
          reply,
          400,
          page(title, resetForm(token, `The password must have ${MIN} to ${MAX} characters.`)),
        );
      }
      if (password !== confirm) {
        return sendPage(reply, 400, page(title, resetForm(token, 'The two passwords differ.')));
      }
      try {
        await fastify.auth.resetPassword(token, password, request.id);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return sendPage(
          reply,
          error.statusCode,
          page('Password not changed', errorBlock(error.code, error.message)),
        );
      }
      return sendPage(
        reply,
        200,
        page(
          'Password changed',
          '<p class="ok" role="status" data-code="PASSWORD_CHANGED">Your password has been changed. A confirmation email is on its way.</p>',
        ),
      );
    },
  );
};

export default pages;
