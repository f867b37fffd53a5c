import { useEffect, useState } from 'react';
import type { ComposeLimits, ComposeSettings, Identity } from '../../../shared/compose';
import { useApi } from '../api/context';

export interface ComposeAccount {
  identities: Identity[];
  settings: ComposeSettings | null;
  limits: ComposeLimits | null;
}

/**
 * What the compose pane needs to know about the sending account: its
 * identities (From), its settings (plain text only, undo time) and the
 * server's SIZE limit. Each is optional to the pane: a failure to read one
 * leaves the default (no limit known, rich text, the account's address).
 */
export function useComposeAccount(accountId: string): ComposeAccount & { setSettings: (s: ComposeSettings) => void } {
  const api = useApi();
  const [state, setState] = useState<ComposeAccount>({ identities: [], settings: null, limits: null });
  useEffect(() => {
    let live = true;
    setState({ identities: [], settings: null, limits: null });
    const set = (patch: Partial<ComposeAccount>) => live && setState((s) => ({ ...s, ...patch }));
    api.call('identities.list', { accountId }).then(
      (identities) => set({ identities }),
      () => {},
    );
    api.call('compose.settings', { accountId }).then(
      (settings) => set({ settings }),
      () => {},
    );
    // Asks the server when the limit is not known yet: may take a moment, or never come (offline).
    api.call('compose.limits', { accountId }).then(
      (limits) => set({ limits }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [api, accountId]);
  return { ...state, setSettings: (settings) => setState((s) => ({ ...s, settings })) };
}
