// The `npm run web` server prints an address like http://127.0.0.1:PORT/#token=HEX.
// The fragment never reaches the server in HTTP requests; we hand it over as a
// WebSocket subprotocol instead. We keep a copy in sessionStorage so that a
// reload of a URL without the fragment still works within this tab.

const STORAGE_KEY = 'tidings.accessToken';
const TOKEN_PATTERN = /^[0-9a-fA-F]{1,1024}$/;

function tokenFromHash(): string | null {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && TOKEN_PATTERN.test(token) ? token : null;
}

function readStored(): string | null {
  try {
    const token = sessionStorage.getItem(STORAGE_KEY);
    return token && TOKEN_PATTERN.test(token) ? token : null;
  } catch {
    // Storage can be disabled by browser settings; the hash alone still works.
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

/** The access token from the address (preferred: it is the newest) or from this tab's storage. */
export function readAccessToken(): string | null {
  const fromHash = tokenFromHash();
  if (fromHash) {
    store(fromHash);
    return fromHash;
  }
  return readStored();
}
