import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildEnvelope, TEMPLATE_NAMES } from '@fluentmeet/email-contracts';
import type * as EtaCore from 'eta/core';

const compiled = vi.hoisted(() => ({ count: 0 }));

// Counts every compilation done by any Eta instance the renderer creates.
vi.mock('eta/core', async (importOriginal) => {
  const original = await importOriginal<typeof EtaCore>();
  class CountingEta extends original.Eta {
    constructor(...args: ConstructorParameters<typeof original.Eta>) {
      super(...args);
      const compile = this.compile;
      this.compile = function (this: InstanceType<typeof original.Eta>, ...rest) {
        compiled.count += 1;
        return compile.apply(this, rest);
      };
    }
  }
  return { ...original, Eta: CountingEta };
});

const { createRenderer } = await import('../../src/templates/index.js');

describe('compiling', () => {
  afterEach(() => {
    compiled.count = 0;
  });

  it('compiles every template in createRenderer and never while rendering', () => {
    const renderer = createRenderer();
    const atStart = compiled.count;
    // two parts per template, plus the HTML and text layouts and the button partial
    expect(atStart).toBe(TEMPLATE_NAMES.length * 2 + 3);
    const envelopes = [
      buildEnvelope({
        to: 'a@example.com',
        template: 'verification',
        data: { verification_link: 'https://app.fluentmeet.com/v?t=1' },
      }),
      buildEnvelope({
        to: 'a@example.com',
        template: 'password_reset',
        data: { reset_link: 'https://app.fluentmeet.com/r?t=1', expires_in_minutes: 60 },
      }),
      buildEnvelope({
        to: 'a@example.com',
        template: 'password_changed',
        data: { changed_at: '2026-11-28T00:00:00Z' },
      }),
    ];
    for (let round = 0; round < 3; round++) {
      for (const envelope of envelopes) renderer.render(envelope);
    }
    expect(compiled.count).toBe(atStart);
  });
});
