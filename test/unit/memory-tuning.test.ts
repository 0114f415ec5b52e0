import { describe, expect, it } from 'vitest';
import { IMPORT_V8_FLAGS, missingV8Flags } from '../../src-main/engine/memory-tuning.ts';

describe('import memory tuning', () => {
  it('adds every flag when the user gave none', () => {
    expect(missingV8Flags('')).toEqual(IMPORT_V8_FLAGS);
  });

  it("keeps the user's own heap settings instead of overriding them", () => {
    expect(missingV8Flags('--max-old-space-size=4096')).toEqual(['--max-semi-space-size=2']);
    expect(missingV8Flags('--inspect --max-semi-space-size=8 --max-old-space-size=512')).toEqual([]);
  });
});
