/** Saved window bounds, checked without Electron (settings.ts reads them, window.ts applies them). */

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Bounds from the file, if they still describe a usable window. */
export function validBounds(value: unknown): Bounds | null {
  if (typeof value !== 'object' || value === null) return null;
  const { x, y, width, height } = value as Record<string, unknown>;
  const numbers = [x, y, width, height].every((n) => typeof n === 'number' && Number.isFinite(n));
  if (!numbers) return null;
  const bounds = { x, y, width, height } as Bounds;
  return bounds.width >= 320 && bounds.height >= 240 ? bounds : null;
}
