import { describe, expect, it } from 'vitest';
import { importNodeFlags, missingImportFlags } from '../../src-main/engine/memory-tuning.ts';

describe('import memory tuning', () => {
  it('adds every flag when the user gave none', () => {
    expect(missingImportFlags('', 2)).toEqual(importNodeFlags(2));
  });

  it("keeps the user's own heap settings instead of overriding them", () => {
    expect(missingImportFlags('--max-old-space-size=4096', 8)).toEqual([
      '--max-semi-space-size=2',
      '--optimize-for-size',
    ]);
    expect(
      missingImportFlags(
        '--inspect --max-semi-space-size=8 --max-old-space-size=512 --no-optimize-for-size',
        8,
      ),
    ).toEqual([]);
    expect(missingImportFlags('--v8-pool-size=4', 2)).not.toContain('--v8-pool-size=1');
  });

  it('keeps one V8 helper thread only where the import already fills every core', () => {
    expect(importNodeFlags(2)).toContain('--v8-pool-size=1');
    expect(importNodeFlags(4)).toContain('--v8-pool-size=1');
    expect(importNodeFlags(16).some((flag) => flag.startsWith('--v8-pool-size'))).toBe(false);
  });
});
