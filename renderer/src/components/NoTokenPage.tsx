/** Shown in a browser opened without the access token, or with an address already used: nothing can work without it. */
export function NoTokenPage({ reason = 'missing' }: { reason?: 'missing' | 'spent' }) {
  return (
    <main className="centered-page">
      <div className="card message-card">
        <h1>{reason === 'spent' ? 'This address was used already' : 'Access token missing'}</h1>
        <p>
          Open Tidings with the address <code>npm run web</code> printed (it carries a one-time code for the access token).
        </p>
        <p className="muted">
          Each address works once, within two minutes: press Enter in the terminal where Tidings is running for a new one. The address looks
          like <code>http://127.0.0.1:PORT/#code=…</code>.
        </p>
      </div>
    </main>
  );
}
