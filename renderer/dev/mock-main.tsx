// DEV ONLY: the real App on top of MockApi. Pick a state with the query string:
//   ?accounts=none|sample   ?keychain=memory   ?delay=ms   ?listError=message
//   ?connection=lost  (shows the reconnect banner)
//   ?latency=ms       (each mail call; default 15)
//   ?sync=1           (the Work account syncs: progress, new mail arriving)
//   ?saveError=text   (saving an attachment fails with this message)
//   ?slow=ms          (saving an attachment and changing folders take this long)
//   ?smtpSize=bytes   (the submission server's SIZE limit; 0 = none; default 10 MB)
//   ?smtpDown=1       (sent messages wait in the Outbox)
import '../src/zod-config';
import '../src/styles/base.css';
import '../src/styles/layout.css';
import '../src/styles/form.css';
import '../src/styles/sidebar.css';
import '../src/styles/mail.css';
import '../src/styles/compose.css';
import { createRoot } from 'react-dom/client';
import { App } from '../src/App';
import { ALWAYS_OPEN, type ConnectionMonitor } from '../src/api/connection';
import { ApiProvider } from '../src/api/context';
import { MockApi, SAMPLE_ACCOUNTS } from './mock-api';

const params = new URLSearchParams(location.search);
const api = new MockApi({
  accounts: params.get('accounts') === 'sample' ? SAMPLE_ACCOUNTS : [],
  secretStorage: params.get('keychain') === 'memory' ? 'memory' : 'keychain',
  delay: Number(params.get('delay') ?? 400),
  ...(params.get('listError') ? { listError: params.get('listError') ?? '' } : {}),
  latency: Number(params.get('latency') ?? 15),
  origin: location.origin,
  ...(params.get('saveError') ? { saveError: params.get('saveError') ?? '' } : {}),
  ...(params.get('slow') ? { slowLatency: Number(params.get('slow')) } : {}),
  ...(params.get('smtpSize') ? { smtpSize: Number(params.get('smtpSize')) || null } : {}),
  smtpDown: params.get('smtpDown') === '1',
});
if (params.get('sync') === '1') setTimeout(() => api.simulateSync('a2'), 500);

const lost: ConnectionMonitor = {
  getSnapshot: () => LOST,
  subscribe: () => () => {},
};
const LOST = { state: 'lost', failedAttempts: 4, reconnects: 0 } as const;

// For the screenshot script: push events from outside.
(window as unknown as { mockApi: MockApi }).mockApi = api;

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <ApiProvider api={api} connection={params.get('connection') === 'lost' ? lost : ALWAYS_OPEN}>
      <App />
    </ApiProvider>,
  );
}
