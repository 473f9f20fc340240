import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { negotiateLanguage } from '../../auth/language.js';
import { authErrors } from '../schemas.js';
import {
  ACCEPTED,
  EmailBody,
  MessageResponse,
  PublicUser,
  ResetBody,
  SIGNUP_ACCEPTED,
  SignupBody,
  TokenBody,
} from './schemas.js';

const auth: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('onRequest', fastify.limits.perIp);

  fastify.post(
    '/signup',
    {
      preHandler: fastify.limits.perAddress,
      schema: {
        tags: ['auth'],
        summary: 'Sign up: the same answer for every address, the rest by email',
        description:
          'A new address gets an account and a verification email; an address with an unverified account a fresh verification email; one with an account an `account_exists` email with a password-reset link. The answer and its timing are the same in every case. Emails are written in `language`, else the best match of `Accept-Language` among en, fr, de, es, it, pt, else en; the account keeps it for every later email.',
        body: SignupBody,
        response: { 202: MessageResponse, ...authErrors() },
      },
    },
    async (request, reply) => {
      // The password is hashed for every address, before the answer, so it costs the same.
      const language =
        request.body.language ?? negotiateLanguage(request.headers['accept-language']);
      const finish = await fastify.auth.signup({ ...request.body, language }, request.id);
      fastify.runInBackground('signup', finish);
      return reply.code(202).send(SIGNUP_ACCEPTED);
    },
  );

  // A POST: mail scanners fetch every link in an email, and a GET must not use the token up.
  fastify.post(
    '/verify-email',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm an email address with the token from the verification link',
        body: TokenBody,
        response: { 200: PublicUser, ...authErrors({ tokens: true }) },
      },
    },
    async (request) => fastify.auth.verifyEmail(request.body.token),
  );

  fastify.post(
    '/resend-verification',
    {
      preHandler: fastify.limits.perAddress,
      schema: {
        tags: ['auth'],
        summary: 'Send a new verification link (same answer for every address)',
        body: EmailBody,
        response: { 202: MessageResponse, ...authErrors() },
      },
    },
    async (request, reply) => {
      const { email } = request.body;
      fastify.runInBackground('resend-verification', () =>
        fastify.auth.resendVerification(email, request.id),
      );
      return reply.code(202).send(ACCEPTED);
    },
  );

  fastify.post(
    '/forgot-password',
    {
      preHandler: fastify.limits.perAddress,
      schema: {
        tags: ['auth'],
        summary: 'Send a password reset link (same answer for every address)',
        body: EmailBody,
        response: { 202: MessageResponse, ...authErrors() },
      },
    },
    async (request, reply) => {
      const { email } = request.body;
      fastify.runInBackground('forgot-password', () =>
        fastify.auth.forgotPassword(email, request.id),
      );
      return reply.code(202).send(ACCEPTED);
    },
  );

  fastify.post(
    '/reset-password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with the token from the reset link',
        body: ResetBody,
        response: { 200: MessageResponse, ...authErrors({ tokens: true }) },
      },
    },
    async (request) => {
      const { token, new_password } = request.body;
      await fastify.auth.resetPassword(token, new_password, request.id);
      return { message: 'Your password has been changed.' };
    },
  );
};

export default auth;
