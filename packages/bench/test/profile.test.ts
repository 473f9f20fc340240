import { describe, expect, it } from 'vitest';
import { shortUrl, topSelfTime, type CpuProfile } from '../src/profile.js';

const frame = (functionName: string, url = '', lineNumber = -1) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

describe('topSelfTime', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)') },
      { id: 2, callFrame: frame('(idle)') },
      { id: 3, callFrame: frame('render', 'file:///repo/packages/email-worker/dist/a.js', 9) },
      { id: 4, callFrame: frame('render', 'file:///repo/packages/email-worker/dist/a.js', 9) },
      { id: 5, callFrame: frame('', 'file:///repo/node_modules/.pnpm/x@1/node_modules/x/b.js', 0) },
    ],
    // each sample is charged the delta of the next one
    samples: [3, 4, 5, 2, 3],
    timeDeltas: [0, 1_000, 2_000, 500, 4_000],
  };

  it('charges each sample the time to the next, merges frames of one function and skips idle', () => {
    const { top, busyMs } = topSelfTime(profile);
    expect(busyMs).toBeCloseTo(3.5);
    expect(top).toEqual([
      {
        functionName: 'render',
        location: 'email-worker/dist/a.js:10',
        selfMs: 3,
        percent: (3 / 3.5) * 100,
      },
      {
        functionName: '(anonymous)',
        location: 'x/b.js:1',
        selfMs: 0.5,
        percent: (0.5 / 3.5) * 100,
      },
    ]);
  });

  it('returns at most `limit` functions', () => {
    expect(topSelfTime(profile, 1).top).toHaveLength(1);
  });
});

describe('shortUrl', () => {
  it('keeps the package-relative part', () => {
    expect(shortUrl('file:///w/node_modules/.pnpm/k@2/node_modules/kafkajs/src/x.js')).toBe(
      'kafkajs/src/x.js',
    );
    expect(shortUrl('file:///w/packages/api/dist/app.js')).toBe('api/dist/app.js');
    expect(shortUrl('node:internal/streams/writable')).toBe('node:internal/streams/writable');
  });
});
