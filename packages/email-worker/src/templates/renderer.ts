import type { EmailEnvelope } from '@fluentmeet/email-contracts';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface Renderer {
  /** Renders a checked envelope (validate with the contracts package first). */
  render(envelope: EmailEnvelope): RenderedEmail;
}

/** Compiles every template once; `render` then only runs the compiled functions. */
export function createRenderer(): Renderer {
  return {
    render() {
      throw new Error('not implemented');
    },
  };
}
