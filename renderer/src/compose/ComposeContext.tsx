import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { Account } from '../../../shared/accounts';
import type { ComposeMode, Draft, OutboxItem } from '../../../shared/compose';
import type { Address } from '../../../shared/mail';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { isTyping } from '../common/shortcuts';
import { useToast } from '../components/Toasts';
import { useAppCommand } from '../components/useAppCommand';
import { useReadIdentities } from '../queries/useComposeAccount';
import { useOutbox } from '../queries/useOutbox';
import { ComposePane } from './ComposePane';
import { identityOf, signatureOf, withSignature } from './draft-body';
import { OutboxView } from './OutboxView';
import { type SendStatus, SendStatusList } from './SendStatus';
import { failureFrom, type SendFailure } from './send-failure';
import { useMailtoLinks } from './useMailtoLinks';

interface Session {
  key: number;
  draft: Draft;
  failure: SendFailure | null;
}

export interface Compose {
  /** Whether the compose pane is open. */
  open: boolean;
  /** A new message from this account. */
  compose: (accountId: string) => void;
  /** Reply, reply all, forward (inline or as attachment) to a stored message. */
  respond: (mode: Exclude<ComposeMode, 'new'>, messageId: number) => void;
  /** The account whose Outbox is shown instead of the mail view, or null. */
  outboxAccountId: string | null;
  showOutbox: (accountId: string | null) => void;
  /** Queued messages per account. */
  outbox: ReadonlyMap<string, OutboxItem[]>;
  /** Take a waiting message out of the outbox into the editor. */
  editQueued: (outboxId: string) => Promise<void>;
  /** Open a message of a Drafts folder in the editor. */
  editDraft: (messageId: number) => void;
}

const ComposeContext = createContext<Compose | null>(null);

export function useCompose(): Compose {
  const value = useContext(ComposeContext);
  if (!value) throw new Error('useCompose() outside <ComposeProvider>');
  return value;
}

let nextKey = 1;

/**
 * Writing mail for the whole window: which draft is open, the sends that can
 * still be undone, what the outbox reports (sent, refused), and the `c`
 * shortcut. The pane itself is placed by <ComposeArea>.
 */
export function ComposeProvider({ accounts, children }: { accounts: Account[] | null; children: ReactNode }) {
  const api = useApi();
  const readIdentities = useReadIdentities();
  const toast = useToast();
  const [session, setSession] = useState<Session | null>(null);
  const [statuses, setStatuses] = useState<SendStatus[]>([]);
  const [outboxAccountId, showOutbox] = useState<string | null>(null);
  const outbox = useOutbox();
  const sessionRef = useRef(session);
  sessionRef.current = session;
  // Focus goes back where it was when the pane closes.
  const returnFocus = useRef<HTMLElement | null>(null);

  const openDraft = useCallback((draft: Draft, failure: SendFailure | null = null) => {
    if (!sessionRef.current && document.activeElement instanceof HTMLElement) returnFocus.current = document.activeElement;
    setSession({ key: nextKey++, draft, failure });
  }, []);

  const start = useCallback(
    async (args: { mode: ComposeMode; messageId?: number; accountId?: string; mailto?: string }) => {
      try {
        const draft = await api.call('compose.start', args);
        // The identity's signature goes in here, once: a reopened draft has it already.
        const identities = await readIdentities(draft.accountId).catch(() => []);
        const signature = signatureOf(identityOf(draft, identities));
        // A mailto: link's text is the message itself: the signature goes below it.
        openDraft({ ...draft, body: withSignature(draft.body, signature, args.mailto ? 'written' : 'quote') });
      } catch (failure) {
        toast(`Could not start the message: ${toApiError(failure).message}`);
      }
    },
    [api, readIdentities, toast, openDraft],
  );

  const compose = useCallback((accountId: string) => void start({ mode: 'new', accountId }), [start]);
  const respond = useCallback((mode: Exclude<ComposeMode, 'new'>, messageId: number) => void start({ mode, messageId }), [start]);

  const close = useCallback(() => {
    setSession(null);
    const target = returnFocus.current;
    returnFocus.current = null;
    // After the pane is gone (the target may have been inert under it).
    setTimeout(() => (target?.isConnected ? target.focus() : document.querySelector<HTMLElement>('[role="listbox"]')?.focus()), 0);
  }, []);

  const onSent = useCallback(
    (item: OutboxItem, draft: Draft, undoSeconds: number) => {
      close();
      setStatuses((list) => [
        ...list.filter((s) => s.item.id !== item.id),
        { item, draft, phase: undoSeconds > 0 ? 'undoable' : 'sending', message: null },
      ]);
    },
    [close],
  );

  const undo = useCallback(
    async (status: SendStatus) => {
      try {
        const draft = await api.call('outbox.undo', { id: status.item.id });
        setStatuses((list) => list.filter((s) => s.item.id !== status.item.id));
        openDraft(draft);
      } catch (failure) {
        const error = toApiError(failure);
        setStatuses((list) =>
          list.map((s) =>
            s.item.id === status.item.id
              ? { ...s, phase: 'sending', message: error.code === 'conflict' ? 'Too late to undo: it is being sent.' : error.message }
              : s,
          ),
        );
      }
    },
    [api, openDraft],
  );

  const editQueued = useCallback(
    async (outboxId: string) => {
      const draft = await api.call('outbox.undo', { id: outboxId });
      setStatuses((list) => list.filter((s) => s.item.id !== outboxId));
      openDraft(draft);
    },
    [api, openDraft],
  );

  const editDraft = useCallback(
    (messageId: number) => {
      api.call('drafts.open', { messageId }).then(
        (draft) => openDraft(draft),
        (failure: unknown) => toast(`Could not open the draft: ${toApiError(failure).message}`),
      );
    },
    [api, toast, openDraft],
  );

  const dismiss = useCallback((id: string) => setStatuses((list) => list.filter((s) => s.item.id !== id)), []);

  // What happens to sent messages: delivered, refused (back to the editor), or waiting.
  useEffect(() => {
    const offSent = api.on('outbox.sent', (event) => {
      setStatuses((list) =>
        list.map((s) =>
          s.item.id === event.outboxId
            ? {
                ...s,
                phase: 'sent',
                message:
                  event.refused.length > 0
                    ? `Sent, but the server refused ${event.refused.map((r) => `${r.address} (${r.response})`).join(', ')}.`
                    : null,
              }
            : s,
        ),
      );
    });
    const offFailed = api.on('outbox.failed', (event) => {
      setStatuses((list) => list.filter((s) => s.item.id !== event.outboxId));
      if (!event.returnedToDrafts) {
        toast(`Not sent yet: ${event.message} It waits in the Outbox and will be tried again.`);
        return;
      }
      // A refusal: the message is a draft again, back in the editor with the server's words.
      api.call('drafts.get', { id: event.draftId }).then(
        (draft) => {
          if (sessionRef.current && sessionRef.current.draft.id !== draft.id) {
            toast(`Not sent: ${event.message} The message is in Drafts.`);
          } else openDraft(draft, failureFrom(event));
        },
        () => toast(`Not sent: ${event.message} The message is in Drafts.`),
      );
    });
    return () => {
      offSent();
      offFailed();
    };
  }, [api, toast, openDraft]);

  // `c` writes a new message from the account on screen, from anywhere but a text field.
  const shownAccount = useRef<string | null>(null);
  const firstAccount = accounts?.[0]?.id;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'c' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event) || sessionRef.current) return;
      const accountId = shownAccount.current ?? firstAccount;
      if (!accountId || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      compose(accountId);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [compose, firstAccount]);

  // The app menu's New Message: as `c`, from the account on screen.
  useAppCommand(
    'compose.new',
    () => {
      const accountId = shownAccount.current ?? firstAccount;
      if (accountId) compose(accountId);
    },
    session === null && firstAccount !== undefined,
  );

  // A mailto: link the app was opened with: a new message from the account on screen.
  const startFromLink = useCallback(
    (mailto: string) => start({ mode: 'new', accountId: shownAccount.current ?? firstAccount, mailto }),
    [start, firstAccount],
  );
  useMailtoLinks(session === null && firstAccount !== undefined, startFromLink);

  const accountNames = useMemo(() => new Map((accounts ?? []).map((a) => [a.id, a.name || a.email])), [accounts]);

  const suggest = useCallback(
    async (query: string): Promise<Address[]> =>
      (await api.call('contacts.suggest', { query, limit: 8 })).map(({ name, address }) => ({ name, address })),
    [api],
  );

  const value = useMemo<Compose>(
    () => ({ open: session !== null, compose, respond, outboxAccountId, showOutbox, outbox, editQueued, editDraft }),
    [session, compose, respond, outboxAccountId, outbox, editQueued, editDraft],
  );

  return (
    <ComposeContext.Provider value={value}>
      <AreaContext.Provider value={{ session, suggest, close, onSent, shownAccount, accountNames }}>{children}</AreaContext.Provider>
      <SendStatusList statuses={statuses} outbox={outbox} onUndo={(s) => void undo(s)} onDismiss={dismiss} />
    </ComposeContext.Provider>
  );
}

/** What <ComposeArea> needs from the provider. */
interface AreaValue {
  session: Session | null;
  suggest: (query: string) => Promise<Address[]>;
  close: () => void;
  onSent: (item: OutboxItem, draft: Draft, undoSeconds: number) => void;
  /** The account on screen, for `c`. */
  shownAccount: { current: string | null };
  /** Each account's name, for From's groups. */
  accountNames: ReadonlyMap<string, string>;
}

const AreaContext = createContext<AreaValue | null>(null);

/**
 * The mail area's content, with the compose pane over it while a message is
 * written (what is under it stays as it was, but out of reach: inert), or the
 * Outbox in its place.
 */
export function ComposeArea({ accountId, children }: { accountId: string | null; children: ReactNode }) {
  const area = useContext(AreaContext);
  if (!area) throw new Error('<ComposeArea> outside <ComposeProvider>');
  const { outboxAccountId } = useCompose();
  const shown = outboxAccountId ?? accountId;
  useEffect(() => {
    area.shownAccount.current = shown;
  }, [area.shownAccount, shown]);
  const { session } = area;
  return (
    <div className="compose-area">
      <div className="compose-under" inert={session !== null}>
        {outboxAccountId ? <OutboxView accountId={outboxAccountId} /> : children}
      </div>
      {session && (
        <div className="compose-layer">
          <ComposePane
            key={session.key}
            draft={session.draft}
            failure={session.failure}
            suggest={area.suggest}
            onClose={area.close}
            onSent={area.onSent}
            accountNames={area.accountNames}
          />
        </div>
      )}
    </div>
  );
}
