/** What kind of file an attachment is: its content type, else (when that says nothing) its file name's. */
const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  ics: 'text/calendar',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  eml: 'message/rfc822',
};

/** Senders' programs often label every file "application/octet-stream": the name then says more. */
const SAYS_NOTHING = new Set(['', 'application/octet-stream', 'application/unknown', 'binary/octet-stream']);

export function attachmentType(contentType: string, filename: string | null): string {
  const type = contentType.trim().toLowerCase();
  if (!SAYS_NOTHING.has(type)) return type;
  const extension = /\.([a-z0-9]+)$/i.exec(filename ?? '')?.[1]?.toLowerCase();
  return (
    (extension !== undefined ? BY_EXTENSION[extension] : undefined) ?? (type || 'application/octet-stream')
  );
}
