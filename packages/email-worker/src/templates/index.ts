export { createRenderer } from './renderer.js';
export type { Renderer, RenderedEmail } from './renderer.js';
export { RenderError } from './errors.js';
export { TEMPLATES } from './catalog.js';
export { formatHours, formatMinutes, formatUtc } from './format.js';
export { CATALOGS, resolveLanguage } from './i18n/catalogs.js';
export type { ResolvedLanguage } from './i18n/catalogs.js';
export type { Messages } from './i18n/messages.js';
