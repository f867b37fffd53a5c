import { useCallback, useEffect, useRef, useState } from 'react';
import type { Account } from '../../shared/accounts';
import type { Folder, UnifiedView } from '../../shared/mail';
import { showUnreadBadge } from './api/app-badge';
import { useApi } from './api/context';
import { toApiError } from './api/errors';
import { onMenuCommand } from './api/menu-commands';
import { messageWindowId } from './api/message-window';
import { runCommand } from './common/app-commands';
import { isTyping } from './common/shortcuts';
import { GoToSequence } from './common/views';
import { AppNotices } from './components/AppNotices';
import { ConnectionBanner } from './components/ConnectionBanner';
import { MailPlaceholder } from './components/MailPlaceholder';
import { NotificationOffer } from './components/NotificationOffer';
import { RemoveAccountDialog } from './components/RemoveAccountDialog';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { ToastProvider, useToast } from './components/Toasts';
import { useAppCommand } from './components/useAppCommand';
import { Welcome } from './components/Welcome';
import { ComposeArea, ComposeProvider, useCompose } from './compose/ComposeContext';
import { NewMessageButton, OutboxEntry } from './compose/OutboxEntry';
import type { MessageActions } from './list/useMessageActions';
import { MailView } from './mail/MailView';
import { MessageWindow } from './mail/MessageWindow';
import { shortcutGroups } from './mail/shortcut-list';
import { useNewMailNotifications } from './mail/useNewMailNotifications';
import { ServerStateProvider } from './queries/ServerStateProvider';
import { useAccounts } from './queries/useAccounts';
import { useAppInfo } from './queries/useAppInfo';
import { useFolders } from './queries/useFolders';
import { useSettings } from './queries/useSettings';
import { useSyncProgress } from './queries/useSyncProgress';
import { useViewCounts } from './queries/useViewCounts';
import type { FocusRequest } from './settings/AccountEditor';
import { SettingsView } from './settings/SettingsView';
import { useTheme } from './settings/theme';
import { SetupWizard } from './setup-wizard/SetupWizard';
import { pathAfterRename } from './sidebar/folder-actions';
import { Sidebar } from './sidebar/Sidebar';

type View = 'mail' | 'add-account' | 'settings';

/**
 * Which folder is shown; folderId null = the account's Inbox once its folders
 * are known. `path` finds it again when its id changes: a folder renamed on
 * the server comes back from the next folder list as a new folder.
 */
interface Place {
  accountId: string;
  folderId: number | null;
  path?: string;
}

export function App() {
  return (
    <ServerStateProvider>
      <Shell />
    </ServerStateProvider>
  );
}

function Shell() {
  const appInfo = useAppInfo();
  const accountsState = useAccounts();
  useTheme(useSettings().settings.theme);
  const messageWindow = messageWindowId();
  if (messageWindow !== null) {
    // A window of one message (the reader's "Open in new window").
    return (
      <div className="app">
        <ConnectionBanner />
        <ToastProvider accounts={accountsState.accounts}>
          <ComposeProvider accounts={accountsState.accounts}>
            <MessageWindow id={messageWindow} />
          </ComposeProvider>
        </ToastProvider>
      </div>
    );
  }
  return (
    <div className="app">
      <ConnectionBanner />
      <AppNotices {...appInfo} />
      <NotificationOffer />
      <ToastProvider accounts={accountsState.accounts}>
        <ComposeProvider accounts={accountsState.accounts}>
          <Body {...accountsState} />
        </ComposeProvider>
      </ToastProvider>
    </div>
  );
}

function Body({ accounts, error, reload, upsert, drop, replace }: ReturnType<typeof useAccounts>) {
  const api = useApi();
  const toast = useToast();
  const compose = useCompose();
  const folders = useFolders(accounts);
  const progress = useSyncProgress();
  const [view, setView] = useState<View>('mail');
  const [place, setPlace] = useState<Place | null>(null);
  // A view across every account (All Inboxes, ...) shown instead of the place's folder; null: the folder.
  const [unified, setUnified] = useState<UnifiedView | null>(null);
  const viewCounts = useViewCounts((accounts?.length ?? 0) > 0);
  const [removing, setRemoving] = useState<Account | null>(null);
  // Which account the settings show, and whether the user came to enter its password.
  const [settingsOf, setSettingsOf] = useState<{ accountId: string; focus?: FocusRequest } | null>(null);
  // The wizard started on the first-run page stays there until it is done, even
  // once its account is saved (moving it under a sidebar would restart it).
  const [firstRunWizard, setFirstRunWizard] = useState(false);
  // Where keyboard focus should land after a view change (a data-focus value):
  // otherwise it falls to <body> when the focused control disappears.
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  // The shown MailView's move, for drops on the sidebar's folders.
  const move = useRef<MessageActions['move'] | null>(null);
  const registerMove = useCallback((fn: MessageActions['move'] | null) => {
    move.current = fn;
  }, []);

  useEffect(() => {
    if (!focusTarget) return;
    document.querySelector<HTMLElement>(`[data-focus="${CSS.escape(focusTarget)}"]`)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const account = accounts?.find((a) => a.id === place?.accountId) ?? accounts?.[0] ?? null;
  const accountFolders = account ? folders.byAccount.get(account.id) : undefined;
  const folder =
    accountFolders?.find((f) => f.id === place?.folderId && f.selectable) ??
    (place?.path === undefined ? undefined : accountFolders?.find((f) => f.path === place.path && f.selectable)) ??
    accountFolders?.find((f) => f.role === 'inbox') ??
    accountFolders?.find((f) => f.selectable) ??
    null;

  function onSaved(saved: Account) {
    setFirstRunWizard(false);
    upsert(saved);
    setPlace({ accountId: saved.id, folderId: null });
    setView('mail');
    setFocusTarget(`account-${saved.id}`);
  }

  function onCancel() {
    setFirstRunWizard(false);
    setView('mail');
    setFocusTarget('add-account');
  }

  function onRemoved(id: string) {
    drop(id);
    setRemoving(null);
    if (place?.accountId === id) setPlace(null);
    setFocusTarget('add-account');
  }

  function onSelectFolder(target: Folder) {
    compose.showOutbox(null);
    setUnified(null);
    setPlace({ accountId: target.accountId, folderId: target.id, path: target.path });
    setView('mail');
  }

  const onSelectView = useCallback(
    (target: UnifiedView) => {
      compose.showOutbox(null);
      setUnified(target);
      setView('mail');
    },
    [compose.showOutbox],
  );

  // g i, g s, g d, g t, g u: to a unified view (common/views.ts). Capture: the list never sees the sequence's keys.
  const hasAccounts = (accounts?.length ?? 0) > 0;
  useEffect(() => {
    if (!hasAccounts) return;
    const sequence = new GoToSequence();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event) || document.querySelector('dialog[open]')) {
        sequence.reset();
        return;
      }
      const meant = sequence.press(event.key, event.timeStamp);
      if (meant === null) return;
      event.preventDefault();
      event.stopPropagation();
      if (meant === 'start') return;
      onSelectView(meant);
      // The keyboard goes on in the view's list (j, k, Enter, ...).
      setFocusTarget('message-list');
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [hasAccounts, onSelectView]);

  // New mail: a desktop notification; its click shows the message (or the Inbox, or All Inboxes, for several).
  const [reveal, setReveal] = useState<number | null>(null);
  useNewMailNotifications((target) => {
    if (!target) return onSelectView('inbox');
    compose.showOutbox(null);
    setUnified(null);
    setPlace({ accountId: target.accountId, folderId: target.folderId });
    setView('mail');
    setReveal(target.messageId);
  });

  // Unread mail in every Inbox: in the window's title and on the app's icon.
  const unreadInboxes = viewCounts.get('inbox')?.unread ?? 0;
  useEffect(() => {
    document.title = unreadInboxes > 0 ? `(${unreadInboxes.toLocaleString()}) Tidings` : 'Tidings';
    showUnreadBadge(unreadInboxes);
  }, [unreadInboxes]);

  // The desktop app's menu (main/app/menu.ts): each command to the part of the page that registered for it.
  useEffect(() => onMenuCommand((command) => void runCommand(command)), []);
  useAppCommand('go.inbox', () => onSelectView('inbox'), hasAccounts);
  useAppCommand('go.unread', () => onSelectView('unread'), hasAccounts);
  useAppCommand('go.starred', () => onSelectView('starred'), hasAccounts);
  useAppCommand('go.drafts', () => onSelectView('drafts'), hasAccounts);
  useAppCommand('go.sent', () => onSelectView('sent'), hasAccounts);

  // "?" (and Help → Keyboard Shortcuts): every shortcut.
  const [showShortcuts, setShowShortcuts] = useState(false);
  useAppCommand('help.shortcuts', () => setShowShortcuts(true));
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event) || document.querySelector('dialog[open]'))
        return;
      event.preventDefault();
      setShowShortcuts(true);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const openSettings = useCallback(
    (target: Account | null, focus?: 'password') => {
      if (!target) return;
      compose.showOutbox(null);
      setSettingsOf({ accountId: target.id, ...(focus ? { focus: { field: focus } } : {}) });
      setView('settings');
    },
    [compose.showOutbox],
  );

  const closeSettings = useCallback(() => {
    setView('mail');
    setSettingsOf(null);
    setFocusTarget('message-list');
  }, []);

  // Ctrl/Cmd+, opens the settings (of the account on screen), from anywhere, as in every desktop app.
  const shownAccount = account;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== ',' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      openSettings(shownAccount);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [openSettings, shownAccount]);
  // The desktop app's menu: Settings (its accelerator is the same Ctrl/Cmd+,).
  useAppCommand('settings.open', () => openSettings(shownAccount), hasAccounts);

  // The shown folder, or one inside it, was renamed: follow it to its new path.
  // The id stays until the folder list has the renamed folder (no flash of the Inbox).
  function onFolderRenamed(before: Folder, after: Folder) {
    if (!folder || folder.accountId !== before.accountId) return;
    const path = pathAfterRename(folder.path, before, after);
    if (path !== null) setPlace({ accountId: folder.accountId, folderId: folder.id, path });
  }

  async function reorderAccounts(ids: string[]) {
    try {
      replace(await api.call('accounts.reorder', { ids }));
    } catch (failure) {
      toast(`Could not change the order: ${toApiError(failure).message}`);
    }
  }

  async function retrySync(target: Account) {
    try {
      await api.call('sync.now', { accountId: target.id });
    } catch (failure) {
      const error = toApiError(failure);
      // Accounts without a sync (POP3 for now) can still be checked again.
      if (error.code !== 'not_found') return toast(`Could not retry ${target.email}: ${error.message}`);
      try {
        upsert(await api.call('accounts.verify', { id: target.id }));
      } catch (again) {
        toast(`Could not retry ${target.email}: ${toApiError(again).message}`);
      }
    }
  }

  function onDropMessages(ids: number[], target: Folder) {
    if (move.current) void move.current(ids, target);
  }

  if (accounts === null) {
    return (
      <div className="app-body">
        <main className="centered-page">
          {error ? (
            <div className="card message-card" role="alert">
              <h1>Could not load your accounts</h1>
              <p>{error.message}</p>
              <button type="button" className="button" onClick={reload}>
                Try again
              </button>
            </div>
          ) : (
            <p className="muted" role="status">
              Loading…
            </p>
          )}
        </main>
      </div>
    );
  }

  // First run: no sidebar, just the welcome (or the form it leads to).
  if (accounts.length === 0 || (firstRunWizard && view === 'add-account')) {
    return (
      <div className="app-body">
        {view === 'add-account' ? (
          <main className="centered-page scrolling">
            <SetupWizard onSaved={onSaved} onCancel={onCancel} />
          </main>
        ) : (
          <Welcome
            onAddAccount={() => {
              setFirstRunWizard(true);
              setView('add-account');
            }}
          />
        )}
      </div>
    );
  }

  return (
    <div className="app-body">
      <Sidebar
        accounts={accounts}
        folders={folders.byAccount}
        foldersError={folders.error}
        progress={progress}
        selectedFolderId={view === 'mail' && !compose.outboxAccountId && unified === null ? (folder?.id ?? null) : null}
        onSelectFolder={onSelectFolder}
        viewCounts={viewCounts}
        selectedView={view === 'mail' && !compose.outboxAccountId ? unified : null}
        onSelectView={onSelectView}
        onDropMessages={onDropMessages}
        onRetrySync={retrySync}
        onRemove={setRemoving}
        onEditAccount={(target, focus) => openSettings(target, focus)}
        onReorderAccounts={(ids) => void reorderAccounts(ids)}
        onReloadFolders={folders.reload}
        onFolderRenamed={onFolderRenamed}
        onAddAccount={() => setView('add-account')}
        error={error}
        onRetry={reload}
        top={<NewMessageButton accountId={account?.id ?? null} />}
        accountExtra={(a) => <OutboxEntry account={a} />}
      />
      {view === 'add-account' ? (
        <main className="main scrolling">
          <SetupWizard onSaved={onSaved} onCancel={onCancel} />
        </main>
      ) : view === 'settings' && settingsOf ? (
        <SettingsView
          accounts={accounts}
          accountId={settingsOf.accountId}
          focus={settingsOf.focus}
          onSelectAccount={(id) => setSettingsOf({ accountId: id })}
          onSaved={upsert}
          onReordered={replace}
          onClose={closeSettings}
        />
      ) : (
        <main className="mail-area">
          <ComposeArea accountId={account?.id ?? null}>
            {unified !== null ? (
              <MailView
                key={`view-${unified}`}
                place={{ kind: 'view', view: unified, counts: viewCounts.get(unified), accounts, folders: folders.byAccount }}
                registerMove={registerMove}
                accounts={accounts}
                allFolders={folders.byAccount}
              />
            ) : account && folder && accountFolders ? (
              <MailView
                key={folder.id}
                place={{ kind: 'folder', account, folder, folders: accountFolders }}
                registerMove={registerMove}
                reveal={reveal}
                onRevealed={() => setReveal(null)}
                accounts={accounts}
                allFolders={folders.byAccount}
              />
            ) : (
              account && <MailPlaceholder account={account} loading={accountFolders === undefined} />
            )}
          </ComposeArea>
        </main>
      )}
      {removing && <RemoveAccountDialog account={removing} onRemoved={onRemoved} onClose={() => setRemoving(null)} />}
      {showShortcuts && <ShortcutsDialog groups={shortcutGroups()} onClose={() => setShowShortcuts(false)} />}
    </div>
  );
}
