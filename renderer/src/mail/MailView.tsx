import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Account } from '../../../shared/accounts';
import type { Folder, MessageDetail, MessageSummary, ThreadView, UnifiedView, ViewCounts } from '../../../shared/mail';
import { highlightTerms, parseSearchQuery } from '../../../shared/search-query';
import { accountHue } from '../common/account-colors';
import { type LabelChange, labelChoices, labelOfFolder, labelState, toggleChange } from '../common/labels';
import { isTyping } from '../common/shortcuts';
import { VIEW_NAMES } from '../common/views';
import { Icon } from '../components/icons';
import { useAppCommand } from '../components/useAppCommand';
import { useCompose } from '../compose/ComposeContext';
import { ReplyButtons } from '../compose/ReplyButtons';
import { ListHeader } from '../list/ListHeader';
import type { ListSource } from '../list/list-store';
import { type ListCommand, MessageList } from '../list/MessageList';
import { type AccountMark, ROW_HEIGHTS } from '../list/MessageRow';
import { SearchBox } from '../list/SearchBox';
import { ServerSearchPanel } from '../list/ServerSearchPanel';
import { EMPTY_SELECTION, openedId, type Selection, selectOne } from '../list/selection';
import { useConversationMode } from '../list/useConversationMode';
import { useListStore } from '../list/useListStore';
import { type MessageActions, useMessageActions } from '../list/useMessageActions';
import { type ServerTarget, useServerSearch } from '../list/useServerSearch';
import { useSettings } from '../queries/useSettings';
import { ConversationView } from '../reader/ConversationView';
import { HighlightProvider } from '../reader/highlight-context';
import { LabelPicker } from '../reader/LabelPicker';
import { MessageToolbar, type ToolbarState } from '../reader/MessageToolbar';
import { MessageView } from '../reader/MessageView';
import { buildFolderTree, flattenTree } from '../sidebar/folder-tree';
import { useMailFileDrop } from '../transfer/useMailFileDrop';
import { canArchive, canJunk, canNotJunk, hasLabels } from './toolbar-rules';

/** What the mail page shows: one folder of one account, or a view across every account. */
export type MailPlace =
  | {
      kind: 'folder';
      account: Account;
      folder: Folder;
      /** All folders of the account (for "Move to…", Archive, Junk and the labels). */
      folders: Folder[];
    }
  | {
      kind: 'view';
      view: UnifiedView;
      /** The view's counts (undefined until read). */
      counts: ViewCounts | undefined;
      accounts: Account[];
      /** Every account's folders: a message is acted on in its own account. */
      folders: ReadonlyMap<string, Folder[]>;
    };

interface Props {
  place: MailPlace;
  /** Drops from the sidebar go through here, so the selection moves on as with any other move. */
  registerMove: (move: MessageActions['move'] | null) => void;
  /** Every account and its folders: search results come from all of them, each row saying where it is. */
  accounts?: Account[] | undefined;
  allFolders?: ReadonlyMap<string, Folder[]> | undefined;
  /** A message to select and show (a notification was clicked); onRevealed says it is done. */
  reveal?: number | null | undefined;
  onRevealed?: (() => void) | undefined;
}

/** Where a search looks: every account (the default), the account shown, or the folder shown. */
type SearchScope = 'all' | 'account' | 'folder';

/** The middle pane (search, list) and the right pane (toolbar, message) for one folder or unified view. */
export function MailView({ place, registerMove, accounts, allFolders, reveal, onRevealed }: Props) {
  const [query, setQuery] = useState('');
  const [scope, setScope] = useState<SearchScope>('all');
  const single = place.kind === 'folder' ? place : null;
  useMailFileDrop(single ? single.folder : null);
  const lookup = usePlaceLookup(place);
  const { settings } = useSettings();
  // A row per conversation or per message: a folder's switch (else the setting's default); a unified view lists messages.
  const [conversationMode, setConversationMode] = useConversationMode(single ? single.folder.id : null, settings.conversations);
  const source: ListSource = query
    ? {
        kind: 'search',
        query,
        ...(scope === 'all' || !single ? {} : { accountId: single.account.id }),
        ...(scope === 'folder' && single ? { folderId: single.folder.id } : {}),
      }
    : single
      ? { kind: conversationMode ? 'conversations' : 'folder', accountId: single.account.id, folderId: single.folder.id }
      : { kind: 'view', view: place.kind === 'view' ? place.view : 'inbox' };
  const localStore = useListStore(source);
  useSyncExternalStore(localStore.subscribe, localStore.getVersion);

  // "Search on server": the accounts the search covers, asked when the user says so; their matches listed below the local ones.
  const targets = useSearchTargets(place, scope, accounts);
  const serverKey = `${query}|${scope}|${single ? single.folder.id : place.kind === 'view' ? place.view : ''}`;
  const serverSearch = useServerSearch(serverKey, query, targets.list, () => localStore.invalidate());
  // What the local list already shows is not repeated (the core leaves out what the local search finds; this covers rows read since).
  const serverRows = serverSearch.rows.filter((m) => localStore.indexOf(m.id) < 0);
  const serverStore = useListStore({ kind: 'rows', key: `${serverKey}#${serverRows.map((m) => m.id).join(',')}`, rows: serverRows });
  useSyncExternalStore(serverStore.subscribe, serverStore.getVersion);

  // One selection, in the local list or in the server's: the toolbar and the reader act on that list's rows.
  const [selectionIn, setSelectionIn] = useState<'local' | 'server'>('local');
  const store = selectionIn === 'server' && query ? serverStore : localStore;
  const conversations = store.source.kind === 'conversations';
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  const getSelection = useCallback(() => selectionRef.current, []);
  const actions = useMessageActions(store, getSelection, setSelection);
  const selectLocal = useCallback((next: Selection) => {
    setSelectionIn('local');
    setSelection(next);
  }, []);
  const selectServer = useCallback((next: Selection) => {
    setSelectionIn('server');
    setSelection(next);
  }, []);
  const list = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const compose = useCompose();
  const { respond, open: composing } = compose;

  useEffect(() => {
    registerMove(actions.move);
    return () => registerMove(null);
  }, [registerMove, actions.move]);

  // "/" jumps to the search box from anywhere but a text field; Ctrl/Cmd+F from anywhere (the menu's Find, in a browser).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const find = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f';
      if (!find && (event.key !== '/' || isTyping(event))) return;
      if (composing || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      search.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [composing]);

  // A clicked notification's message: selected (and so shown), newest mail is at the top.
  useEffect(() => {
    if (reveal === null || reveal === undefined) return;
    setQuery('');
    setSelection(selectOne(reveal, 0));
    onRevealed?.();
  }, [reveal, onRevealed]);

  const queryRef = useRef(query);
  queryRef.current = query;
  const onSearch = useCallback((text: string) => {
    if (text === queryRef.current) return;
    setQuery(text);
    setSelectionIn('local');
    setSelection(EMPTY_SELECTION);
  }, []);

  // The row last marked read when opened (a message's id, or a conversation's).
  const markedOnOpen = useRef<number | null>(null);
  // Rows switch meaning with the mode (thread ids, message ids): the selection starts over.
  const switchConversations = useCallback(
    (on: boolean) => {
      setConversationMode(on);
      setSelection(EMPTY_SELECTION);
      markedOnOpen.current = null;
    },
    [setConversationMode],
  );

  const ids = [...selection.ids];
  const summary = useCallback((id: number) => store.summary(id), [store]);
  // The account of the selected messages, when they are of one (in a folder: always its account).
  const selectedAccountIds = [...new Set(ids.map((id) => summary(id)?.accountId).filter((a) => a !== undefined))];
  const account = single?.account ?? (selectedAccountIds.length === 1 ? lookup.account(selectedAccountIds[0] as string) : undefined);
  const folders = account ? lookup.folders(account.id) : [];
  const toolbar = useToolbarState(place, lookup, query !== '', ids, summary, actions);
  const opened = openedId(selection);
  // Reading pane "off": the open message takes the list's place until Back (which keeps the selection);
  // opening another row shows the reader again.
  const [backFrom, setBackFrom] = useState<number | null>(null);
  const readingAlone = settings.readingPane === 'off' && opened !== null && opened !== backFrom;
  const backToList = useCallback(() => {
    setBackFrom(opened);
    // The list comes back on the next render; focus it then.
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus());
  }, [opened]);
  useEffect(() => {
    if (!readingAlone) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || isTyping(event) || document.querySelector('dialog[open]')) return;
      backToList();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [readingAlone, backToList]);
  // What Reply, Reply all, Forward and Edit draft act on: the open message, or a conversation's newest here.
  const replyTarget = opened === null ? null : conversations ? (store.summary(opened)?.conversation?.messageIds[0] ?? null) : opened;

  // Gmail's labels: the popover (toolbar button or `l`), the reader's chips.
  const gmail = account !== undefined && hasLabels(account);
  const [labelsOpen, setLabelsOpen] = useState(false);
  const idsKey = ids.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: idsKey: another selection closes the popover
  useEffect(() => setLabelsOpen(false), [idsKey]);
  // The label every message of the folder shown has ("\Inbox" in the Inbox): removing it takes them out of the list.
  const shownLabel = gmail && !query && single ? labelOfFolder(single.folder) : null;
  const changeLabels = useCallback(
    (of: number[], change: LabelChange) => actions.setLabels(of, change, shownLabel !== null && change.remove.includes(shownLabel)),
    [actions.setLabels, shownLabel],
  );
  const selectedLabels = ids.map((id) => summary(id)?.labels).filter((labels) => labels !== undefined);

  // r, a, f: reply, reply all, forward the open message (not while typing, not under the compose pane).
  useEffect(() => {
    if (replyTarget === null || composing) return;
    const modes = { r: 'reply', a: 'replyAll', f: 'forward' } as const;
    const onKeyDown = (event: KeyboardEvent) => {
      const mode = modes[event.key as keyof typeof modes];
      if (!mode || event.ctrlKey || event.metaKey || event.altKey || isTyping(event) || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      respond(mode, replyTarget);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [replyTarget, composing, respond]);

  // Opening marks read at once, from the row the user picked: waiting for the
  // message itself would undo a quick Shift+U pressed while it loads.
  // A conversation is marked read once it has been read (ConversationView opens what was unread).
  useEffect(() => {
    if (opened === null || markedOnOpen.current === opened || conversations) return;
    const row = store.summary(opened);
    if (!row) return; // not among the rows read: onOpened below decides from the message
    markedOnOpen.current = opened;
    if (!row.seen) void actions.setFlags([opened], { seen: true });
  }, [opened, store, actions.setFlags, conversations]);

  const onOpened = useCallback(
    (message: MessageDetail) => {
      if (markedOnOpen.current === message.id) return;
      markedOnOpen.current = message.id;
      if (!message.seen) void actions.setFlags([message.id], { seen: true });
    },
    [actions.setFlags],
  );

  const onConversationOpened = useCallback(
    (thread: ThreadView) => {
      if (opened === null || markedOnOpen.current === opened) return;
      markedOnOpen.current = opened;
      if (thread.messages.some((m) => !m.seen) || store.summary(opened)?.seen === false) void actions.setFlags([opened], { seen: true });
    },
    [opened, store, actions.setFlags],
  );

  // Enter asks for the keyboard to move into the message, which may still be loading.
  const [readerFocusWanted, setReaderFocusWanted] = useState(false);

  function run(command: ListCommand) {
    if (ids.length === 0) return;
    switch (command) {
      case 'open': {
        // Enter on one of several selected rows narrows to it; then the keyboard goes to the message.
        if (selection.cursorId !== null && ids.length > 1) setSelection(selectOne(selection.cursorId, selection.cursorIndex));
        setReaderFocusWanted(true);
        return;
      }
      case 'delete':
        return void actions.remove(ids);
      case 'archive':
        if (toolbar.canArchive) void actions.archive(ids);
        return;
      case 'junk':
        // "!" in Junk says the opposite: not junk.
        if (toolbar.canNotJunk) void actions.notJunk(ids);
        else if (toolbar.canJunk) void actions.junk(ids);
        return;
      case 'labels':
        if (gmail) setLabelsOpen(true);
        return;
      case 'star':
        return void actions.setFlags(ids, { flagged: !toolbar.allStarred });
      case 'read':
        return void actions.setFlags(ids, { seen: true });
      case 'unread':
        return void actions.setFlags(ids, { seen: false });
    }
  }

  // Reply, Reply all, Forward for a message (Edit draft for a draft): the toolbar's for the open one, a conversation's for each open message.
  const replyControls = (id: number, draft: boolean) =>
    draft ? (
      <button type="button" className="button quiet" onClick={() => compose.editDraft(id)}>
        <Icon name="drafts" />
        Edit draft
      </button>
    ) : (
      <ReplyButtons onRespond={(mode) => respond(mode, id)} />
    );

  // The app menu's Find, Reply... (common/app-commands.ts): the same as the keys, while nothing is written over the view.
  useAppCommand('search.focus', () => search.current?.focus(), !composing);
  const canRespond = replyTarget !== null && !composing;
  useAppCommand('message.reply', () => replyTarget !== null && respond('reply', replyTarget), canRespond);
  useAppCommand('message.replyAll', () => replyTarget !== null && respond('replyAll', replyTarget), canRespond);
  useAppCommand('message.forward', () => replyTarget !== null && respond('forward', replyTarget), canRespond);
  const canAct = ids.length > 0 && !composing;
  useAppCommand('message.archive', () => run('archive'), canAct);
  useAppCommand('message.junk', () => run('junk'), canAct);
  useAppCommand('message.delete', () => run('delete'), canAct);
  useAppCommand('message.read', () => run('read'), canAct);
  useAppCommand('message.unread', () => run('unread'), canAct);
  useAppCommand('message.star', () => run('star'), canAct);

  // Rows say their folder where the list spans folders (a search: with its account when it is not the one shown), and their account where it spans accounts.
  const spansFolders = query !== '' || (place.kind === 'view' && (place.view === 'unread' || place.view === 'starred'));
  const folderNameOf = useCallback(
    (id: number) => {
      const own = lookup.folder(id);
      if (own) return own.name;
      for (const [accountId, list] of allFolders ?? []) {
        const found = list.find((f) => f.id === id);
        if (!found) continue;
        const other = accounts?.find((a) => a.id === accountId);
        return other ? `${found.name} · ${other.name || other.email}` : found.name;
      }
      return undefined;
    },
    [lookup, allFolders, accounts],
  );
  const accountMarkOf = useCallback((accountId: string) => lookup.mark(accountId), [lookup]);
  const shown = shownFolder(place);
  const openedRow = opened === null ? undefined : summary(opened);
  const openedIsDraft = (openedRow ? lookup.folder(openedRow.folderId)?.role : single?.folder.role) === 'drafts';

  // The search's words, marked in the message opened from its results.
  const highlight = useMemo(() => {
    const parsed = query ? parseSearchQuery(query) : null;
    return parsed?.ok ? highlightTerms(parsed.query) : [];
  }, [query]);

  const listLabel = query ? `Search results for ${query}` : `Messages in ${shown.name}`;
  // A query the core could not use (a folder that does not exist): said under the search box, not as a failure of the list.
  const searchError = query && localStore.error?.code === 'invalid_argument' ? localStore.error.message : null;
  const manyAccounts = (accounts?.length ?? 1) > 1;

  return (
    <div className="mail-view" data-pane={settings.readingPane} data-reading={readingAlone || undefined}>
      <section className="list-pane" aria-label="Message list">
        <div className="list-top">
          <SearchBox
            ref={search}
            onSearch={onSearch}
            error={searchError}
            placeholder={!single || manyAccounts ? 'Search all mail' : `Search ${single.account.name || single.account.email}`}
          />
          {query && single && (
            <label className="search-scope">
              <span className="muted">In</span>
              <select value={scope} onChange={(event) => setScope(event.target.value as SearchScope)}>
                {manyAccounts && <option value="all">All accounts</option>}
                <option value={manyAccounts ? 'account' : 'all'}>{single.account.name || single.account.email}</option>
                <option value="folder">{single.folder.name}</option>
              </select>
            </label>
          )}
          <ListHeader
            folder={shown}
            query={query}
            total={localStore.total}
            totalExact={localStore.totalExact}
            indexing={localStore.indexing}
            conversations={single ? { on: conversationMode, onChange: switchConversations } : undefined}
          />
        </div>
        <div
          ref={list}
          className="list-body"
          // With the server's matches below, the local list is as tall as its rows (at least one), so theirs follow right under.
          style={
            query && serverSearch.started
              ? {
                  flex: `0 1 ${Math.max(1, localStore.total ?? 1) * ROW_HEIGHTS[settings.density]}px`,
                  minHeight: ROW_HEIGHTS[settings.density],
                }
              : undefined
          }
        >
          <MessageList
            store={localStore}
            label={listLabel}
            selection={selectionIn === 'local' ? selection : EMPTY_SELECTION}
            onSelection={selectLocal}
            onCommand={run}
            emptyText={query ? 'No local matches.' : single ? 'No messages in this folder.' : `No messages in ${shown.name}.`}
            folderName={spansFolders ? folderNameOf : undefined}
            accountMark={place.kind === 'view' && place.accounts.length > 1 ? accountMarkOf : undefined}
            showError={!searchError}
            folderLabel={shownLabel && !shownLabel.startsWith('\\') ? shownLabel : undefined}
            ownAddress={single?.account.email}
            density={settings.density}
          />
        </div>
        {query && !searchError && (
          <ServerSearchPanel
            search={serverSearch}
            unavailable={targets.unavailable}
            count={serverRows.length}
            results={
              <MessageList
                store={serverStore}
                label={`On the server: results for ${query}`}
                selection={selectionIn === 'server' ? selection : EMPTY_SELECTION}
                onSelection={selectServer}
                onCommand={run}
                emptyText=""
                folderName={folderNameOf}
                ownAddress={single?.account.email}
              />
            }
          />
        )}
      </section>
      <section className="reader-pane" aria-label="Reader">
        {readingAlone && (
          <div className="reader-back">
            <button type="button" className="button quiet" onClick={backToList} title="Back to the list (Esc)">
              <Icon name="chevron" />
              Back to {shown.name}
            </button>
          </div>
        )}
        {ids.length > 0 && (
          <MessageToolbar
            {...toolbar}
            onArchive={() => run('archive')}
            onJunk={() => run('junk')}
            onNotJunk={() => run('junk')}
            onDelete={() => run('delete')}
            onToggleRead={() => run(toolbar.allRead ? 'unread' : 'read')}
            onToggleStar={() => run('star')}
            replies={replyTarget !== null && replyControls(replyTarget, openedIsDraft)}
            labels={
              gmail && (
                <LabelPicker
                  open={labelsOpen}
                  onOpenChange={setLabelsOpen}
                  choices={labelChoices(folders, selectedLabels)}
                  stateOf={(label) => labelState(label, selectedLabels)}
                  onToggle={(label, state) => void changeLabels(ids, toggleChange(label, state))}
                  onCreate={(name) => void changeLabels(ids, { add: [name], remove: [] })}
                />
              )
            }
          />
        )}
        <div className="reader-scroll">
          <HighlightProvider value={highlight}>
            {opened !== null && conversations && single ? (
              <ConversationView
                key={opened}
                threadId={opened}
                folderId={single.folder.id}
                ownAddress={single.account.email}
                onOpened={onConversationOpened}
                focusWanted={readerFocusWanted}
                onFocused={() => setReaderFocusWanted(false)}
                onLeave={() => list.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus()}
                messageActions={(m) => replyControls(m.id, lookup.folder(m.folderId)?.role === 'drafts')}
                onRemoveLabel={gmail ? (id, label) => void changeLabels([id], { add: [], remove: [label] }) : undefined}
              />
            ) : opened !== null ? (
              <MessageView
                key={opened}
                id={opened}
                onOpened={onOpened}
                focusWanted={readerFocusWanted}
                onFocused={() => setReaderFocusWanted(false)}
                onLeave={() => list.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus()}
                onRemoveLabel={gmail ? (label) => void changeLabels([opened], { add: [], remove: [label] }) : undefined}
              />
            ) : ids.length > 1 ? (
              <p className="reader-empty muted">
                {ids.length} {conversations ? 'conversations' : 'messages'} selected
              </p>
            ) : (
              <p className="reader-empty muted">No message selected</p>
            )}
          </HighlightProvider>
        </div>
      </section>
    </div>
  );
}

/** Finding a message's account and folder, and the account's mark in a unified view. */
interface PlaceLookup {
  account: (accountId: string) => Account | undefined;
  folders: (accountId: string) => Folder[];
  folder: (folderId: number) => Folder | undefined;
  mark: (accountId: string) => AccountMark | undefined;
}

function usePlaceLookup(place: MailPlace): PlaceLookup {
  const accounts = place.kind === 'folder' ? place.account : place.accounts;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the place's accounts and folders are all it reads
  return useMemo(() => {
    const list = place.kind === 'folder' ? [place.account] : place.accounts;
    const folderLists: ReadonlyMap<string, Folder[]> =
      place.kind === 'folder' ? new Map([[place.account.id, place.folders]]) : place.folders;
    const folders = new Map([...folderLists.values()].flat().map((f) => [f.id, f]));
    const names = shortAccountNames(list);
    const marks = new Map(
      list.map((a, at) => [a.id, { name: names.get(a.id) ?? a.email, email: a.email, hue: accountHue(a, at) } satisfies AccountMark]),
    );
    return {
      account: (id) => list.find((a) => a.id === id),
      folders: (id) => folderLists.get(id) ?? [],
      folder: (id) => folders.get(id),
      mark: (id) => marks.get(id),
    };
  }, [accounts, place.folders]);
}

/**
 * What a row of a unified view calls its account: the shortest part of the
 * address that tells the accounts apart (the name before the @, else the
 * first label of the domain: "work" and "home" for ada@work.example and
 * ada@home.example), else the whole address.
 */
export function shortAccountNames(accounts: readonly Pick<Account, 'id' | 'email'>[]): Map<string, string> {
  const forms = [(email: string) => email.split('@')[0] ?? email, (email: string) => email.split('@')[1]?.split('.')[0] ?? email];
  for (const form of forms) {
    const names = accounts.map((a) => form(a.email).toLowerCase());
    if (names.every((n) => n !== '') && new Set(names).size === names.length) return new Map(accounts.map((a) => [a.id, form(a.email)]));
  }
  return new Map(accounts.map((a) => [a.id, a.email]));
}

/** The list's title and counts: the folder's, or the view's. */
function shownFolder(place: MailPlace): Pick<Folder, 'name' | 'total' | 'unread'> {
  if (place.kind === 'folder') return place.folder;
  const name = VIEW_NAMES[place.view];
  // "12 messages, 12 unread" says nothing more in the Unread view.
  const unread = place.view === 'unread' ? 0 : (place.counts?.unread ?? 0);
  return { name, total: place.counts?.total ?? 0, unread };
}

/** Labels and targets of the toolbar for the current selection: each message in its own account and folder. */
function useToolbarState(
  place: MailPlace,
  lookup: PlaceLookup,
  searching: boolean,
  ids: number[],
  summary: (id: number) => MessageSummary | undefined,
  actions: MessageActions,
): ToolbarState {
  const known = ids.map(summary).filter((s) => s !== undefined);
  const accountIds = [...new Set(known.map((m) => m.accountId))];
  const account = place.kind === 'folder' ? place.account : accountIds.length === 1 ? lookup.account(accountIds[0] as string) : undefined;
  const folders = account ? lookup.folders(account.id) : [];
  // The folder the selection is in, when it is in one: "Move to…" leaves it out.
  const folderIds = [...new Set(known.map((m) => m.folderId))];
  const from = place.kind === 'folder' && !searching ? place.folder.id : folderIds.length === 1 ? folderIds[0] : undefined;
  const ordered = useMemo(() => flattenTree(buildFolderTree(folders)), [folders]);
  const idsKey = ids.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: idsKey stands for ids
  const moveTargets = useMemo(
    () =>
      ordered
        // Virtual folders (Gmail's All Mail, Starred) are views, not places to move to.
        .filter(({ folder: f }) => f.role !== 'all' && f.role !== 'flagged' && f.id !== from)
        // \Noselect containers stay, disabled, so their subfolders are not shown orphaned.
        .map(({ folder: f, depth }) => ({
          key: String(f.id),
          label: f.name,
          depth,
          disabled: !f.selectable,
          onSelect: () => void actions.move(ids, f),
        })),
    [ordered, from, idsKey, actions.move],
  );
  // Archive and Junk as each message's own account and folder allow (in a folder: the folder shown, as before).
  const allows = (rule: typeof canArchive) =>
    place.kind === 'folder'
      ? rule({ account: place.account, folder: place.folder, folders: place.folders, searching })
      : known.length > 0 &&
        known.every((m) => {
          const messageAccount = lookup.account(m.accountId);
          const folder = lookup.folder(m.folderId);
          return (
            messageAccount !== undefined &&
            folder !== undefined &&
            rule({ account: messageAccount, folder, folders: lookup.folders(m.accountId), searching: false })
          );
        });
  return {
    allRead: known.length > 0 && known.every((s) => s.seen),
    allStarred: known.length > 0 && known.every((s) => s.flagged),
    canArchive: allows(canArchive),
    canJunk: allows(canJunk),
    canNotJunk: allows(canNotJunk),
    moveTargets,
    ...(account ? {} : { moveNote: 'Messages of different accounts cannot be moved together' }),
  };
}

/** The accounts "Search on server" asks for the search's scope, and why none can be asked when none can. */
function useSearchTargets(
  place: MailPlace,
  scope: SearchScope,
  allAccounts: Account[] | undefined,
): { list: ServerTarget[]; unavailable: string | null } {
  const single = place.kind === 'folder' ? place : null;
  const everyone = allAccounts ?? (place.kind === 'view' ? place.accounts : [place.account]);
  const inScope = scope === 'all' || !single ? everyone : [single.account];
  const folderId = scope === 'folder' && single ? single.folder.id : undefined;
  const key = `${inScope.map((a) => a.id).join(',')}|${folderId ?? ''}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for the accounts and the folder
  return useMemo(() => {
    // A POP3 account keeps its mail here only: there is no server to search.
    const asked = inScope.filter((a) => a.incoming.protocol !== 'pop3');
    const list = asked.map((a) => ({ accountId: a.id, name: a.name || a.email, ...(folderId !== undefined ? { folderId } : {}) }));
    const unavailable = list.length > 0 ? null : 'The mail of this account is kept on this computer only: there is no server to ask.';
    return { list, unavailable };
  }, [key]);
}
