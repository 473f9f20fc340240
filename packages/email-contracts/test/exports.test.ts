import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import * as producer from '../src/producer/index.js';

describe('public API', () => {
  it('exports exactly these names (a change here is an API change: review it)', () => {
    expect(Object.keys(root).sort()).toMatchSnapshot();
    expect(Object.keys(producer).sort()).toMatchSnapshot();
  });
});
