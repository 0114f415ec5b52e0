/**
 * The name an attachment is saved under: no directories, control characters or bidi overrides (U+202E
 * before "gnp.exe" would show the saved file as "exe.png" in a file manager). Browsers also sanitize;
 * this is belt and braces.
 */
export function safeFilename(name: string | null, fallback: string): string {
  const cleaned = (name ?? '').replace(/[\\/\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu, '_').trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? fallback : cleaned;
}
