/** Shown in a browser opened without the access token: nothing can work without it. */
export function NoTokenPage() {
  return (
    <main className="centered-page">
      <div className="card message-card">
        <h1>Access token missing</h1>
        <p>
          Open Tidings with the address <code>npm run web</code> printed (it contains the access token).
        </p>
        <p className="muted">
          The address looks like <code>http://127.0.0.1:PORT/#token=…</code>. It changes every time Tidings starts, so use the one from the
          terminal where Tidings is running now.
        </p>
      </div>
    </main>
  );
}
