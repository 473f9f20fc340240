export { createRenderer } from './renderer.js';
export type { Renderer, RenderedEmail } from './renderer.js';
