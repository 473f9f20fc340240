import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/** OpenAPI document from the route schemas, and the interactive page at /docs (assets served locally). */
export default fp(
  async (fastify) => {
    await fastify.register(swagger, {
      // A schema shared with addSchema keeps its $id as the component name (not def-0).
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) =>
          typeof json.$id === 'string' ? json.$id : `def-${i}`,
      },
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'FluentMeet auth API',
          description:
            'Signup, email verification and password reset. Emails leave through a transactional outbox.',
          // 2: signup answers 202 for every address; verify-email is a POST.
          version: '2.0.0',
        },
        servers: [{ url: fastify.config.PUBLIC_APP_URL }],
        tags: [
          { name: 'auth', description: 'Account flows that send email' },
          { name: 'health', description: 'Liveness and readiness' },
          { name: 'webhooks', description: "Mailgun's signed delivery events" },
          {
            name: 'operator',
            description: 'Delivery status and the suppression list (bearer token)',
          },
        ],
        components: {
          securitySchemes: {
            operatorToken: { type: 'http', scheme: 'bearer', description: 'OPERATOR_TOKEN' },
          },
        },
      },
    });
    await fastify.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'swagger', dependencies: ['config'] },
);
