import { AppMark } from './icons';

export function Welcome({ onAddAccount }: { onAddAccount: () => void }) {
  return (
    <main className="centered-page">
      <div className="welcome">
        <AppMark />
        <h1>Welcome to Tidings</h1>
        <p className="muted">
          Add your email account to get started. Tidings works with any provider that offers IMAP or POP3 for incoming mail and SMTP for
          sending.
        </p>
        <button type="button" className="button primary large" data-focus="add-account" onClick={onAddAccount}>
          Add account
        </button>
      </div>
    </main>
  );
}
