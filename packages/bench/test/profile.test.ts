import { describe, expect, it } from 'vitest';
import { packageOf, shortUrl, topSelfTime, type CpuProfile } from '../src/profile.js';

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
    const { top, busyMs, byPackage } = topSelfTime(profile);
    expect(busyMs).toBeCloseTo(3.5);
    expect(byPackage.map((p) => p.name)).toEqual(['@fluentmeet/email-worker', 'x']);
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

describe('native frames', () => {
  it('are charged to their nearest caller outside Node and named after it', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2] },
        {
          id: 2,
          callFrame: frame(
            'write',
            'file:///r/node_modules/.pnpm/undici@8/node_modules/undici/lib/h1.js',
            99,
          ),
          children: [3],
        },
        { id: 3, callFrame: frame('_write', 'node:net', 10), children: [4] },
        { id: 4, callFrame: frame('writeBuffer') },
      ],
      samples: [4, 4],
      timeDeltas: [0, 2_000],
    };
    const { top, byPackage } = topSelfTime(profile);
    expect(top[0]).toMatchObject({
      functionName: 'writeBuffer',
      location: '',
      calledFrom: 'write undici/lib/h1.js:100',
    });
    expect(byPackage).toEqual([{ name: 'undici', selfMs: 2, percent: 100 }]);
  });
});

describe('packageOf', () => {
  it('names npm packages, scoped ones, workspace packages and Node internals', () => {
    expect(packageOf('file:///r/node_modules/.pnpm/a@1/node_modules/@pinojs/redact/index.js')).toBe(
      '@pinojs/redact',
    );
    expect(packageOf('file:///r/node_modules/.pnpm/k@2/node_modules/kafkajs/src/x.js')).toBe(
      'kafkajs',
    );
    expect(packageOf('file:///r/packages/email-worker/dist/a.js')).toBe('@fluentmeet/email-worker');
    expect(packageOf('node:internal/streams/writable')).toBe('node (internals)');
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
