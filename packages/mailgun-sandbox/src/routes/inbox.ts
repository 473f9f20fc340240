import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const PUBLIC_DIR = new URL('../../public/', import.meta.url);

const ASSETS = [
  { path: '/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { path: '/inbox.js', file: 'inbox.js', type: 'text/javascript; charset=utf-8' },
  { path: '/inbox.css', file: 'inbox.css', type: 'text/css; charset=utf-8' },
] as const;

/**
 * The page also governs the iframe that shows the email (srcdoc inherits it): no script
 * runs there, forms cannot post, and only the sandbox itself is fetched besides images.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: http: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The web inbox: three static files, read once, no build step. */
export function registerInboxRoutes(app: FastifyInstance): void {
  for (const asset of ASSETS) {
    const content = readFileSync(new URL(asset.file, PUBLIC_DIR));
    app.get(asset.path, async (_request, reply) =>
      reply
        .type(asset.type)
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .send(content),
    );
  }
}
