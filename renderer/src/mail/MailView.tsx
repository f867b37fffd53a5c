import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Account } from '../../../shared/accounts';
import type { Folder, MessageDetail, MessageSummary } from '../../../shared/mail';
import { type LabelChange, labelChoices, labelOfFolder, labelState, toggleChange } from '../common/labels';
import { isTyping } from '../common/shortcuts';
import { Icon } from '../components/icons';
import { useCompose } from '../compose/ComposeContext';
import { ReplyButtons } from '../compose/ReplyButtons';
import { ListHeader } from '../list/ListHeader';
import type { ListSource } from '../list/list-store';
import { type ListCommand, MessageList } from '../list/MessageList';
import { SearchBox } from '../list/SearchBox';
import { EMPTY_SELECTION, openedId, type Selection, selectOne } from '../list/selection';
import { useListStore } from '../list/useListStore';
import { type MessageActions, useMessageActions } from '../list/useMessageActions';
import { LabelPicker } from '../reader/LabelPicker';
import { MessageToolbar, type ToolbarState } from '../reader/MessageToolbar';
import { MessageView } from '../reader/MessageView';
import { buildFolderTree, flattenTree } from '../sidebar/folder-tree';
import { canArchive, canJunk, hasLabels } from './toolbar-rules';

interface Props {
  account: Account;
  folder: Folder;
  /** All folders of the account (for "Move to…", Archive, Junk and the labels). */
  folders: Folder[];
  /** Drops from the sidebar go through here, so the selection moves on as with any other move. */
  registerMove: (move: MessageActions['move'] | null) => void;
  /** Every account and its folders: search results come from all of them, each row saying where it is. */
  accounts?: Account[] | undefined;
  allFolders?: ReadonlyMap<string, Folder[]> | undefined;
}

/** Where a search looks: every account (the default), the account shown, or the folder shown. */
type SearchScope = 'all' | 'account' | 'folder';

/** The middle pane (search, list) and the right pane (toolbar, message) for one folder. */
export function MailView({ account, folder, folders, registerMove, accounts, allFolders }: Props) {
  const [query, setQuery] = useState('');
  const [scope, setScope] = useState<SearchScope>('all');
  const source: ListSource = query
    ? {
        kind: 'search',
        query,
        ...(scope === 'all' ? {} : { accountId: account.id }),
        ...(scope === 'folder' ? { folderId: folder.id } : {}),
      }
    : { kind: 'folder', accountId: account.id, folderId: folder.id };
  const store = useListStore(source);
  useSyncExternalStore(store.subscribe, store.getVersion);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  const getSelection = useCallback(() => selectionRef.current, []);
  const actions = useMessageActions(store, getSelection, setSelection);
  const list = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const compose = useCompose();

  useEffect(() => {
    registerMove(actions.move);
    return () => registerMove(null);
  }, [registerMove, actions.move]);

  // "/" jumps to the search box from anywhere but a text field.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key !== '/' || target.closest('input, textarea, select, [contenteditable="true"]')) return;
      event.preventDefault();
      search.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const queryRef = useRef(query);
  queryRef.current = query;
  const onSearch = useCallback((text: string) => {
    if (text === queryRef.current) return;
    setQuery(text);
    setSelection(EMPTY_SELECTION);
  }, []);

  const ids = [...selection.ids];
  const summary = useCallback((id: number) => store.summary(id), [store]);
  const toolbar = useToolbarState(account, folder, folders, query !== '', ids, summary, actions);
  const opened = openedId(selection);

  // Gmail's labels: the popover (toolbar button or `l`), the reader's chips.
  const gmail = hasLabels(account);
  const [labelsOpen, setLabelsOpen] = useState(false);
  const idsKey = ids.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: idsKey: another selection closes the popover
  useEffect(() => setLabelsOpen(false), [idsKey]);
  // The label every message of the folder shown has ("\Inbox" in the Inbox): removing it takes them out of the list.
  const shownLabel = gmail && !query ? labelOfFolder(folder) : null;
  const changeLabels = useCallback(
    (of: number[], change: LabelChange) => actions.setLabels(of, change, shownLabel !== null && change.remove.includes(shownLabel)),
    [actions.setLabels, shownLabel],
  );
  const selectedLabels = ids.map((id) => summary(id)?.labels).filter((labels) => labels !== undefined);

  // r, a, f: reply, reply all, forward the open message (not while typing, not under the compose pane).
  const { respond, open: composing } = compose;
  useEffect(() => {
    if (opened === null || composing) return;
    const modes = { r: 'reply', a: 'replyAll', f: 'forward' } as const;
    const onKeyDown = (event: KeyboardEvent) => {
      const mode = modes[event.key as keyof typeof modes];
      if (!mode || event.ctrlKey || event.metaKey || event.altKey || isTyping(event) || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      respond(mode, opened);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [opened, composing, respond]);

  // Opening marks read at once, from the row the user picked: waiting for the
  // message itself would undo a quick Shift+U pressed while it loads.
  const markedOnOpen = useRef<number | null>(null);
  useEffect(() => {
    if (opened === null || markedOnOpen.current === opened) return;
    const row = store.summary(opened);
    if (!row) return; // not among the rows read: onOpened below decides from the message
    markedOnOpen.current = opened;
    if (!row.seen) void actions.setFlags([opened], { seen: true });
  }, [opened, store, actions.setFlags]);

  const onOpened = useCallback(
    (message: MessageDetail) => {
      if (markedOnOpen.current === message.id) return;
      markedOnOpen.current = message.id;
      if (!message.seen) void actions.setFlags([message.id], { seen: true });
    },
    [actions.setFlags],
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
        if (toolbar.canJunk) void actions.junk(ids);
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

  // In search results: the folder of each row, and its account when it is not the one shown.
  const folderNameOf = useCallback(
    (id: number) => {
      const own = folders.find((f) => f.id === id);
      if (own) return own.name;
      for (const [accountId, list] of allFolders ?? []) {
        const found = list.find((f) => f.id === id);
        if (!found) continue;
        const other = accounts?.find((a) => a.id === accountId);
        return other ? `${found.name} · ${other.name || other.email}` : found.name;
      }
      return undefined;
    },
    [folders, allFolders, accounts],
  );

  const listLabel = query ? `Search results for ${query}` : `Messages in ${folder.name}`;
  // A query the core could not use (a folder that does not exist): said under the search box, not as a failure of the list.
  const searchError = query && store.error?.code === 'invalid_argument' ? store.error.message : null;
  const manyAccounts = (accounts?.length ?? 1) > 1;

  return (
    <div className="mail-view">
      <section className="list-pane" aria-label="Message list">
        <div className="list-top">
          <SearchBox
            ref={search}
            onSearch={onSearch}
            error={searchError}
            placeholder={manyAccounts ? 'Search all mail' : `Search ${account.name || account.email}`}
          />
          {query && (
            <label className="search-scope">
              <span className="muted">In</span>
              <select value={scope} onChange={(event) => setScope(event.target.value as SearchScope)}>
                {manyAccounts && <option value="all">All accounts</option>}
                <option value={manyAccounts ? 'account' : 'all'}>{account.name || account.email}</option>
                <option value="folder">{folder.name}</option>
              </select>
            </label>
          )}
          <ListHeader folder={folder} query={query} total={store.total} totalExact={store.totalExact} indexing={store.indexing} />
        </div>
        <div ref={list} className="list-body">
          <MessageList
            store={store}
            label={listLabel}
            selection={selection}
            onSelection={setSelection}
            onCommand={run}
            emptyText={query ? 'No messages match your search.' : 'No messages in this folder.'}
            folderName={query ? folderNameOf : undefined}
            showError={!searchError}
            folderLabel={shownLabel && !shownLabel.startsWith('\\') ? shownLabel : undefined}
          />
        </div>
      </section>
      <section className="reader-pane" aria-label="Reader">
        {ids.length > 0 && (
          <MessageToolbar
            {...toolbar}
            onArchive={() => run('archive')}
            onJunk={() => run('junk')}
            onDelete={() => run('delete')}
            onToggleRead={() => run(toolbar.allRead ? 'unread' : 'read')}
            onToggleStar={() => run('star')}
            replies={
              opened !== null &&
              (folder.role === 'drafts' ? (
                <button type="button" className="button quiet" onClick={() => compose.editDraft(opened)}>
                  <Icon name="drafts" />
                  Edit draft
                </button>
              ) : (
                <ReplyButtons onRespond={(mode) => respond(mode, opened)} />
              ))
            }
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
          {opened !== null ? (
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
            <p className="reader-empty muted">{ids.length} messages selected</p>
          ) : (
            <p className="reader-empty muted">No message selected</p>
          )}
        </div>
      </section>
    </div>
  );
}

/** Labels and targets of the toolbar for the current selection. */
function useToolbarState(
  account: Account,
  folder: Folder,
  folders: Folder[],
  searching: boolean,
  ids: number[],
  summary: (id: number) => MessageSummary | undefined,
  actions: MessageActions,
): ToolbarState {
  const ordered = useMemo(() => flattenTree(buildFolderTree(folders)), [folders]);
  const known = ids.map(summary).filter((s) => s !== undefined);
  const place = { account, folder, folders, searching };
  const idsKey = ids.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: idsKey stands for ids
  const moveTargets = useMemo(
    () =>
      ordered
        // Virtual folders (Gmail's All Mail, Starred) are views, not places to move to.
        .filter(({ folder: f }) => f.role !== 'all' && f.role !== 'flagged' && (searching || f.id !== folder.id))
        // \Noselect containers stay, disabled, so their subfolders are not shown orphaned.
        .map(({ folder: f, depth }) => ({
          key: String(f.id),
          label: f.name,
          depth,
          disabled: !f.selectable,
          onSelect: () => void actions.move(ids, f),
        })),
    [ordered, folder.id, searching, idsKey, actions.move],
  );
  return {
    allRead: known.length > 0 && known.every((s) => s.seen),
    allStarred: known.length > 0 && known.every((s) => s.flagged),
    canArchive: canArchive(place),
    canJunk: canJunk(place),
    moveTargets,
  };
}
