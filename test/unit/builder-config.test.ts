/**
 * The installer's Electron fuses, read by electron-builder's own config loader and schema (the build
 * itself cannot run here: it downloads Electron).
 */
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe('electron-builder.yml', () => {
  it('sets the fuses that keep the app from becoming a Node runtime, and passes the schema', async () => {
    const config = await getConfig(repoRoot, null, null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // The app must really be in app.asar for onlyLoadAppFromAsar (asar is on unless switched off).
    expect(config.asar).not.toBe(false);
  });

  it('has a schema that would catch a misspelt fuse', async () => {
    const config = await getConfig(repoRoot, null, null);
    const misspelt = { ...config, electronFuses: { runAsNod: false } } as unknown as typeof config;
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });
});
