// Must stay the first import: see zod-config.ts.
import './zod-config';
import './styles/base.css';
import './styles/layout.css';
import './styles/form.css';
import './styles/wizard.css';
import './styles/sidebar.css';
import './styles/mail.css';
import './styles/compose.css';
import './styles/settings.css';
import './styles/print.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getApi, getConnectionMonitor, MissingTokenError } from './api/client';
import { ApiProvider } from './api/context';
import { NoTokenPage } from './components/NoTokenPage';
import { applyTheme } from './settings/theme';

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');
const root = createRoot(container);
// The OS's light or dark until the settings are read (App applies the setting).
applyTheme('system');

getApi().then(
  (api) =>
    root.render(
      <StrictMode>
        <ApiProvider api={api} connection={getConnectionMonitor()}>
          <App />
        </ApiProvider>
      </StrictMode>,
    ),
  (error: unknown) => {
    if (!(error instanceof MissingTokenError)) throw error;
    root.render(<NoTokenPage reason={error.reason} />);
  },
);
