export { createRenderer } from './renderer.js';
export type { Renderer, RenderedEmail } from './renderer.js';
export { RenderError } from './errors.js';
export type { RenderErrorCode } from './errors.js';
export { TEMPLATES } from './catalog.js';
export type { TemplateDefinition, TemplateSet, TemplateView } from './definition.js';
export { DEFAULT_VERIFICATION_HOURS } from './verification.js';
export { formatHours, formatMinutes, formatUtc } from './format.js';
