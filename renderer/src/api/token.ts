// The access token of `npm run web`, which the page hands over as a WebSocket
// subprotocol. The address `npm run web` opens and prints carries a one-time
// code (`#code=…`), never the token: a browser's command line is readable by
// every local user, and an address stays in the history. The page trades the
// code for the token over loopback (POST /session) and takes it out of the
// address at once. `#token=…` is still read, for programs that hold the token
// themselves (the tests), and is taken out the same way. A copy is kept in
// sessionStorage, so that a reload, and a message window this tab opens,
// still work within this tab.

const STORAGE_KEY = 'tidings.accessToken';
const TOKEN_PATTERN = /^[0-9a-fA-F]{1,1024}$/;
const CODE_PATTERN = /^[0-9a-f]{32}$/;

export type TokenOutcome = { token: string } | { token: null; reason: 'missing' | 'spent' };

function readStored(): string | null {
  try {
    const token = sessionStorage.getItem(STORAGE_KEY);
    return token && TOKEN_PATTERN.test(token) ? token : null;
  } catch {
    // Storage can be disabled by browser settings; the address alone still works, until a reload.
    return null;
  }
}

function store(token: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // See readStored().
  }
}

/** Takes `token` and `code` out of the address (the history entry is replaced, not added); the rest of the fragment stays. */
function takeSecretsFromAddress(): { token: string | null; code: string | null } {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = params.get('token');
  const code = params.get('code');
  if (token === null && code === null) return { token: null, code: null };
  const rest = location.hash
    .replace(/^#/, '')
    .split('&')
    .filter((part) => part !== '' && !part.startsWith('token=') && !part.startsWith('code='));
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest.length > 0 ? `#${rest.join('&')}` : ''}`);
  return { token: token && TOKEN_PATTERN.test(token) ? token : null, code: code && CODE_PATTERN.test(code) ? code : null };
}

async function tradeCode(code: string): Promise<string | null> {
  try {
    const answer = await fetch('/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
      cache: 'no-store',
    });
    if (!answer.ok) return null;
    const { token } = (await answer.json()) as { token?: unknown };
    return typeof token === 'string' && TOKEN_PATTERN.test(token) ? token : null;
  } catch {
    return null; // the server is gone or answered nonsense: as good as a spent code
  }
}

/** The access token: from the address (traded from its code, or given) or from this tab's storage. */
export async function obtainAccessToken(): Promise<TokenOutcome> {
  const { token, code } = takeSecretsFromAddress();
  if (token) {
    store(token);
    return { token };
  }
  if (code) {
    const traded = await tradeCode(code);
    if (traded) {
      store(traded);
      return { token: traded };
    }
  }
  const stored = readStored();
  if (stored) return { token: stored };
  return { token: null, reason: code ? 'spent' : 'missing' };
}
