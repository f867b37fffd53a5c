import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Account } from '../../../shared/accounts';
import type { Folder, MessageDetail, MessageSummary, ThreadView } from '../../../shared/mail';
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
import { useConversationMode } from '../list/useConversationMode';
import { useListStore } from '../list/useListStore';
import { type MessageActions, useMessageActions } from '../list/useMessageActions';
import { ConversationView } from '../reader/ConversationView';
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
}

/** The middle pane (search, list) and the right pane (toolbar, message) for one folder. */
export function MailView({ account, folder, folders, registerMove }: Props) {
  const [query, setQuery] = useState('');
  // A row per conversation or per message: the folder's switch (off unless turned on).
  const [conversationMode, setConversationMode] = useConversationMode(folder.id);
  const source: ListSource = query
    ? { kind: 'search', accountId: account.id, query }
    : { kind: conversationMode ? 'conversations' : 'folder', accountId: account.id, folderId: folder.id };
  const store = useListStore(source);
  const conversations = store.source.kind === 'conversations';
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
  const toolbar = useToolbarState(account, folder, folders, query !== '', ids, summary, actions);
  const opened = openedId(selection);
  // What Reply, Reply all, Forward and Edit draft act on: the open message, or a conversation's newest here.
  const replyTarget = opened === null ? null : conversations ? (store.summary(opened)?.conversation?.messageIds[0] ?? null) : opened;

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

  const folderNameOf = useCallback((id: number) => folders.find((f) => f.id === id)?.name, [folders]);

  const listLabel = query ? `Search results for ${query}` : `Messages in ${folder.name}`;

  return (
    <div className="mail-view">
      <section className="list-pane" aria-label="Message list">
        <div className="list-top">
          <SearchBox ref={search} onSearch={onSearch} placeholder={`Search ${account.name || account.email}`} />
          <ListHeader
            folder={folder}
            query={query}
            total={store.total}
            conversations={{ on: conversationMode, onChange: switchConversations }}
          />
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
            folderLabel={shownLabel && !shownLabel.startsWith('\\') ? shownLabel : undefined}
            ownAddress={account.email}
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
              replyTarget !== null &&
              (folder.role === 'drafts' ? (
                <button type="button" className="button quiet" onClick={() => compose.editDraft(replyTarget)}>
                  <Icon name="drafts" />
                  Edit draft
                </button>
              ) : (
                <ReplyButtons onRespond={(mode) => respond(mode, replyTarget)} />
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
          {opened !== null && conversations ? (
            <ConversationView
              key={opened}
              threadId={opened}
              folderId={folder.id}
              ownAddress={account.email}
              onOpened={onConversationOpened}
              focusWanted={readerFocusWanted}
              onFocused={() => setReaderFocusWanted(false)}
              onLeave={() => list.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus()}
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
