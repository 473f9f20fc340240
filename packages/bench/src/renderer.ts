// The worker's own renderer, so that the baseline differs from our worker only in how it
// consumes and sends. @fluentmeet/email-worker does not export it from its entry point, so
// it is loaded from the built package next door (the bench runs inside this repository only).
export { createRenderer } from '../../email-worker/dist/templates/index.js';
export type { Renderer, RenderedEmail } from '../../email-worker/dist/templates/index.js';
