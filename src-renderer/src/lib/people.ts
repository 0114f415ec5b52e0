/** Names before addresses: "Name <addr>, …" as the archive stores it, shortened for a list. */

/** The first sender's name, else its address; "(unknown sender)" when there is none. */
export function senderName(from: string | null): string {
  if (from === null || from.trim() === '') return '(unknown sender)';
  // A name may hold a comma only when quoted, so cut at the first "<addr>" or the first comma after it.
  const named = /^\s*"?([^"<]*?)"?\s*<([^<>]*)>/.exec(from);
  if (named !== null) {
    const name = named[1]?.trim() ?? '';
    return name !== '' ? name : (named[2] ?? from).trim();
  }
  return (from.split(',')[0] ?? from).trim();
}
