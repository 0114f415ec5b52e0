/** Placeholder window until the import UI lands. */
export function App() {
  const version = window.mailtrove?.version;
  return (
    <main className="placeholder">
      <h1>
        MailTrove
        {version !== undefined && <span className="version">v{version}</span>}
      </h1>
      <p className="tagline">
        Copies your whole IMAP mailbox history into a local, searchable SQLite archive you own.
      </p>
      <p className="notice">
        The import window is coming soon. Until then, the <code>mailtrove</code> command-line tool works
        today: run <code>mailtrove --help</code> in a terminal.
      </p>
    </main>
  );
}
