export { renderKustomization, kustomizeBinary, RenderError } from './kubernetes/render.js';
export type { KubernetesObject } from './kubernetes/render.js';
export { validateObjects } from './kubernetes/validate.js';
export type { Violation } from './kubernetes/validate.js';
export { MODELS } from './kubernetes/schemas.js';
export { docker, healthStatus, containerLogs } from './docker.js';
export { APP_IMAGES, imageName, ensureAppImages } from './images.js';
export type { AppImage } from './images.js';
