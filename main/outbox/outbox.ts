import type { ComposeLimits, Draft, OutboxItem, RefusedRecipient } from '../../shared/compose';
import { MAX_ATTACHMENT_BYTES } from '../../shared/compose';
import { ApiError } from '../../shared/errors';
import type { Credentials } from '../auth/credentials';
import { Backoff } from '../base/backoff';
import { DISK_FULL_MESSAGE, DISK_FULL_RETRY_MS, isDiskFull } from '../base/disk-full';
import { newId } from '../base/ids';
import { type Logger, logger } from '../base/log';
import type { ServiceEvents } from '../base/service-events';
import type { UiEvents } from '../base/ui-events';
import { Wakeup } from '../base/wakeup';
import { buildMessage, newMessageId } from '../compose/build-message';
import { checkRecipients, draftToOutgoing } from '../compose/draft-message';
import type { DraftService } from '../compose/draft-service';
import type { IdentityService } from '../compose/identities';
import { formatBytes, SmtpSession, SubmissionError, type SubmitOutcome } from '../smtp/submit';
import type { TrustedCertificate } from '../store/certificates-repo';
import type { ComposeSettingsRepo } from '../store/compose-settings-repo';
import type { DraftsRepo } from '../store/drafts-repo';
import type { FoldersRepo } from '../store/folders-repo';
import type { MessagesRepo } from '../store/messages-repo';
import type { OutboxRecord, OutboxRepo, OutboxSource } from '../store/outbox-repo';
import { fileSentCopy } from './sent-copy';
import { unknownFate } from './unknown-fate';

// The outbox. Send builds the message once and commits it here before
// anything touches the network; then, per account, one SMTP connection
// submits every message that is due. Each message's state is written before
// and after each step:
//
//   scheduled ──> submitting ──> committing ──> accepted ──> (gone: Sent copy filed, draft removed)
//                 (nothing can     (the final "." is      (250 received)
//                  have arrived)    on its way)
//
// so that after a crash (kill -9) a restart knows what the server may have:
// 'submitting' is simply sent again; 'accepted' only needs its Sent copy;
// 'committing' is the one unknown: where the server files sent mail itself,
// Sent is searched for the Message-ID and the message sent again only if it
// is not there; elsewhere the server got the whole message and most likely
// took it, so it is not sent twice and the user is told.
//
// Temporary failures (offline, 4xx, timeouts) wait and retry with backoff,
// and at once when the account comes back online; permanent ones (5xx) go
// back to the drafts with the server's words.
//
// A full disk stops a state from being written. Nothing is lost by that (the
// store keeps the last state written), but the state in memory must not
// lead further than the store: a message the server took whose 'accepted'
// could not be written is remembered here and never submitted again (after
// a restart the store says 'committing', the unknown above, which does not
// send twice either); one left 'submitting' did not reach the server and is
// scheduled again. The outbox then waits for space (DISK_FULL_RETRY_MS) and
// tells the user once.

export interface OutboxDeps {
  outbox: OutboxRepo;
  drafts: DraftsRepo;
  draftService: DraftService;
  identities: IdentityService;
  settings: ComposeSettingsRepo;
  folders: FoldersRepo;
  messages: MessagesRepo;
  events: UiEvents;
  /** Hears accounts coming online ('account.status') and new folder lists ('folders.changed'). */
  signals: ServiceEvents;
  /** The account's password or current OAuth2 access token; null when nothing is saved here. */
  credentials(accountId: string): Promise<Credentials | null>;
  trusted(host: string, port: number): TrustedCertificate[];
  /** Mark the message replied to / forwarded (through the queue of server operations). */
  markSource(messageId: number, change: { answered?: boolean; forwarded?: boolean }): void;
  /** Whether Sent on the server holds this Message-ID; null when that cannot be checked now. */
  findInSent(accountId: string, messageId: string): Promise<boolean | null>;
  /** The account's sync: file the Sent copy now when it can. */
  poke(accountId: string, folderIds: number[]): void;
  /** Retry delays (tests shorten them). */
  retry?: { firstMs: number; maxMs: number };
  /** Where it logs (core/ passes the core's); default: the process log. */
  log?: Logger;
}

/** A refused login or an untrusted certificate will not heal by itself: try again this much later (or when the account is fixed). */
const NEEDS_USER_RETRY_MS = 5 * 60_000;
/** How often to look again whether Sent has a message of unknown fate, while the account is offline. */
const UNKNOWN_RECHECK_MS = 10_000;

export class Outbox {
  private readonly wakeup = new Wakeup();
  private readonly backoffs = new Map<string, Backoff>();
  private readonly draining = new Set<string>();
  /**
   * 'committing' messages whose fate could not be checked (offline), by id:
   * when to look again (at once when the account comes online).
   */
  private readonly unknownPending = new Map<string, number>();
  /** Ids of 'accepted' messages waiting for the account's folder list (to file the Sent copy). */
  private readonly waitingForFolders = new Set<string>();
  /** Messages the server took whose 'accepted' the full disk kept from being written: written by the next drain, never sent again. */
  private readonly takenUnwritten = new Set<string>();
  /** While the disk is full, nothing is drained before this time (each drain would fail at its first write). */
  private diskFullUntil = 0;
  /** Accounts whose user was told that their messages wait for disk space (once until a drain goes through). */
  private readonly toldDiskFull = new Set<string>();
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly unsubscribe: (() => void)[];
  private readonly log: Logger;

  constructor(private readonly deps: OutboxDeps) {
    this.log = deps.log ?? logger('outbox');
    // An account back online: whatever waits for it goes now.
    this.unsubscribe = [
      deps.signals.on('account.status', ({ accountId, status }) => {
        if (status.state !== 'connected') return;
        try {
          this.accountOnline(accountId);
        } catch (error) {
          // Not the account's business (a full disk): its messages are tried again by the outbox's own schedule.
          this.log.warn({ accountId, err: error }, 'could not make the outbox due for an account back online');
        }
      }),
      deps.signals.on('folders.changed', () => {
        if (this.waitingForFolders.size === 0) return;
        this.waitingForFolders.clear();
        this.wakeup.wake();
      }),
    ];
  }

  /** Picks up where the last run stopped (see the states above), then serves the outbox until stop(). */
  start(): void {
    // ('submitting' left by the last run is scheduled again by the first drain: see leftovers().)
    // On the next turn: whoever subscribes to events right after the core started hears what recovery says.
    setImmediate(() => {
      if (!this.stopped) this.loop ??= this.run();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.wakeup.wake();
    await this.loop;
  }

  list(accountId?: string): OutboxItem[] {
    return this.deps.outbox.list(accountId).map(toItem);
  }

  /** Builds the saved draft into a message and commits it to the outbox; it goes out after `undoSeconds`. */
  async queue(draftId: string, undoSeconds: number | undefined): Promise<OutboxItem> {
    const draft = this.deps.drafts.get(draftId);
    if (!draft) throw new ApiError('not_found', 'Save the draft before sending it (that draft does not exist).');
    if (this.deps.outbox.byDraft(draftId)) throw new ApiError('conflict', 'This message is already in the Outbox.');
    const recipients = checkRecipients(draft.fields);
    const identity = this.deps.identities.resolve(draft.accountId, draft.fields.identityId);
    const messageId = newMessageId(identity.address);
    const raw = await buildMessage(draftToOutgoing(draft.fields, this.deps.identities, this.deps.drafts, { messageId, date: new Date() }));
    const limit = this.deps.settings.get(draft.accountId).smtpSizeLimit;
    if (limit && raw.length > limit) {
      throw new ApiError(
        'invalid_argument',
        `The message is ${formatBytes(raw.length)}; the server takes at most ${formatBytes(limit)}. Remove or shrink an attachment.`,
      );
    }
    // Between the await above and here the draft may have been sent from another window.
    if (this.deps.outbox.byDraft(draftId)) throw new ApiError('conflict', 'This message is already in the Outbox.');
    const delay = undoSeconds ?? this.deps.identities.settings(draft.accountId).undoSeconds;
    const id = newId('o');
    const source = draft.fields.source;
    this.deps.outbox.insert(
      {
        id,
        accountId: draft.accountId,
        draftId,
        messageId,
        envelope: { from: identity.address, to: recipients.map((r) => r.address) },
        subject: draft.fields.subject,
        recipients,
        source: source ? { messageId: source.messageId, mode: source.mode } : null,
        state: 'scheduled',
        sendAt: Date.now() + delay * 1000,
        createdAt: new Date().toISOString(),
      },
      raw,
    );
    this.changed(draft.accountId);
    return toItem(this.require(id));
  }

  /** Takes a message back before it is sent; its draft is returned, unchanged. */
  undo(id: string): Draft {
    const record = this.require(id);
    if (record.state !== 'scheduled') throw new ApiError('conflict', 'Too late to undo: the message is being sent.');
    this.deps.outbox.delete(id);
    this.changed(record.accountId);
    this.deps.events.emit('drafts.changed', { accountId: record.accountId, draftId: record.draftId });
    return this.deps.draftService.get(record.draftId);
  }

  retry(id: string): OutboxItem {
    const record = this.require(id);
    this.deps.outbox.dueNow(id);
    // The user may have freed space: do not wait for the pause to end.
    this.diskFullUntil = 0;
    this.wakeup.wake();
    return toItem(this.require(record.id));
  }

  accountOnline(accountId: string): void {
    let any = false;
    for (const record of this.deps.outbox.list(accountId)) {
      if (record.state === 'scheduled' && record.nextAttemptAt !== null) {
        this.deps.outbox.dueNow(record.id);
        any = true;
      }
      if (record.state === 'committing') {
        this.unknownPending.delete(record.id);
        any = true;
      }
    }
    this.backoffs.get(accountId)?.reset();
    if (any) this.wakeup.wake();
  }

  /** The server's SIZE limit: as last seen, else asked now (a login) when the server can be reached. */
  async limits(accountId: string): Promise<ComposeLimits> {
    const account = this.deps.identities.account(accountId);
    let known = this.deps.settings.get(accountId).smtpSizeLimit;
    if (known === null) {
      const credentials = await this.deps.credentials(accountId);
      if (credentials !== null) {
        try {
          const session = await SmtpSession.open(account.outgoing, credentials, this.trusted(account.outgoing));
          known = session.sizeLimit;
          this.deps.settings.setSmtpSizeLimit(accountId, known);
          session.close();
        } catch (error) {
          // not reachable now: unknown
          this.log.debug({ accountId, err: error }, 'could not ask the SMTP server for its size limit');
        }
      }
    }
    return { accountId, maxMessageBytes: known ? known : null, maxAttachmentBytes: MAX_ATTACHMENT_BYTES };
  }

  // ---- the loop ----

  private async run(): Promise<void> {
    while (!this.stopped) {
      const now = Date.now();
      if (now < this.diskFullUntil) {
        await this.wakeup.wait(this.diskFullUntil - now);
        continue;
      }
      let nextDue = Number.POSITIVE_INFINITY;
      for (const accountId of this.deps.outbox.accounts()) {
        if (this.draining.has(accountId)) continue;
        const records = this.deps.outbox.list(accountId);
        const pending = (r: OutboxRecord) =>
          r.state === 'submitting' ||
          this.takenUnwritten.has(r.id) ||
          (r.state === 'accepted' && !this.waitingForFolders.has(r.id)) ||
          (r.state === 'committing' && (this.unknownPending.get(r.id) ?? 0) <= now) ||
          isDue(r, now);
        if (records.some(pending)) {
          this.draining.add(accountId);
          void this.drain(accountId).finally(() => {
            this.draining.delete(accountId);
            this.wakeup.wake();
          });
          continue;
        }
        for (const r of records) {
          if (r.state === 'scheduled') nextDue = Math.min(nextDue, dueAt(r));
          if (r.state === 'committing') nextDue = Math.min(nextDue, this.unknownPending.get(r.id) ?? now);
        }
      }
      await this.wakeup.wait(Math.max(50, Math.min(60_000, nextDue - Date.now())));
    }
  }

  private async drain(accountId: string): Promise<void> {
    try {
      this.leftovers(accountId);
      for (const record of this.deps.outbox.list(accountId)) {
        if (record.state === 'accepted' && !this.waitingForFolders.has(record.id)) await this.finish(record, null);
        else if (record.state === 'committing' && (this.unknownPending.get(record.id) ?? 0) <= Date.now())
          await this.resolveUnknown(record);
      }
      const due = this.deps.outbox.list(accountId).filter((r) => isDue(r, Date.now()));
      if (due.length > 0 && !this.stopped) await this.submit(accountId, due);
      this.toldDiskFull.delete(accountId);
    } catch (error) {
      if (isDiskFull(error)) {
        this.waitForSpace(accountId, error);
        return;
      }
      // A bug must not stop the outbox: the messages stay, and are tried again.
      this.log.error({ accountId, err: error }, 'the outbox failed; its messages stay and are tried again');
      try {
        for (const record of this.deps.outbox.list(accountId)) {
          if (record.state === 'submitting')
            this.deps.outbox.retryLater(record.id, Date.now() + this.backoff(accountId).next(), 'internal error');
        }
      } catch (failure) {
        // Left 'submitting': the next drain schedules them again (leftovers()).
        this.log.error({ accountId, err: failure }, 'could not schedule the outbox again');
      }
    }
  }

  /**
   * What the last attempt could not write (a full disk, a crash), written
   * now: a message the server took becomes 'accepted'; one left
   * 'submitting' (no drain is running for the account, so no submission is
   * under way) never reached the server and is scheduled again.
   */
  private leftovers(accountId: string): void {
    for (const record of this.deps.outbox.list(accountId)) {
      if (this.takenUnwritten.has(record.id)) {
        if (record.state !== 'accepted') this.deps.outbox.setState(record.id, 'accepted');
        this.takenUnwritten.delete(record.id);
      } else if (record.state === 'submitting') {
        this.deps.outbox.setState(record.id, 'scheduled');
      }
    }
  }

  /** The server took the message: from now on it is never submitted again, also when the disk is too full to write so. */
  private taken(id: string): void {
    this.takenUnwritten.add(id);
    this.deps.outbox.setState(id, 'accepted');
    this.takenUnwritten.delete(id);
  }

  /** The disk is full: the messages stay as the store has them; the outbox tries again in a while and tells the user once. */
  private waitForSpace(accountId: string, error: unknown): void {
    this.log.warn({ accountId, err: error }, 'the disk is full; the outbox waits for space');
    this.diskFullUntil = Date.now() + DISK_FULL_RETRY_MS;
    if (this.toldDiskFull.has(accountId)) return;
    this.toldDiskFull.add(accountId);
    this.deps.events.emit('notice', { accountId, message: `Sending waits for disk space. ${DISK_FULL_MESSAGE}` });
    this.deps.events.emit('outbox.changed', { accountId });
  }

  private async submit(accountId: string, due: OutboxRecord[]): Promise<void> {
    const account = this.deps.identities.account(accountId);
    const credentials = await this.deps.credentials(accountId);
    if (credentials === null) {
      this.waitForUser(due, 'No password is saved for this account on this computer. Enter it in the account settings.', 'auth_failed');
      return;
    }
    let session: SmtpSession;
    try {
      session = await SmtpSession.open(account.outgoing, credentials, this.trusted(account.outgoing));
    } catch (error) {
      const failure = error instanceof SubmissionError ? error : new SubmissionError('connection', String(error));
      this.log.warn({ accountId, kind: failure.kind, err: error }, 'could not open an SMTP session');
      if (failure.kind === 'connection') this.retryLater(accountId, due, `Waiting to send: ${failure.message}`);
      else this.waitForUser(due, failure.message, failure.kind === 'auth' ? 'auth_failed' : 'tls_failed');
      return;
    }
    this.deps.settings.setSmtpSizeLimit(accountId, session.sizeLimit);
    try {
      for (const [index, item] of due.entries()) {
        if (this.stopped) break;
        // Undo may have taken it back while we connected.
        const current = this.deps.outbox.get(item.id);
        const raw = this.deps.outbox.raw(item.id);
        if (!current || !raw || current.state !== 'scheduled') continue;
        this.deps.outbox.setState(item.id, 'submitting');
        this.changed(accountId);
        let outcome: SubmitOutcome;
        try {
          outcome = await session.send({
            envelope: current.envelope,
            raw,
            beforeCommit: () => this.deps.outbox.setState(item.id, 'committing'),
          });
        } catch (error) {
          // The connection is gone. This message: sent again later, unless the server may have it already.
          this.log.warn({ accountId, outboxId: item.id, err: error }, 'sending a message failed midway');
          const message = `Waiting to send: ${error instanceof SubmissionError ? error.message : String(error)}`;
          const rest = due.slice(index + 1).filter((r) => this.deps.outbox.get(r.id)?.state === 'scheduled');
          if (this.deps.outbox.get(item.id)?.state === 'committing') await this.resolveUnknown({ ...current, state: 'committing' });
          else this.retryLater(accountId, [current], message);
          this.retryLater(accountId, rest, message);
          return;
        }
        if (outcome.ok) {
          this.taken(item.id);
          this.backoff(accountId).reset();
          await this.finish({ ...current, state: 'accepted' }, outcome);
        } else if (outcome.kind === 'temporary') {
          this.retryLater(accountId, [current], `The server asked to try again later: ${outcome.message}`);
        } else {
          const reason = outcome.kind === 'too_large' ? 'too_large' : outcome.refused.length ? 'recipients_refused' : 'message_refused';
          this.returnToDrafts(current, reason, outcome.message, outcome.refused, []);
        }
      }
    } finally {
      session.close();
    }
  }

  /**
   * A message whose final "." may have reached the server before we stopped
   * hearing from it (crash, lost connection).
   */
  private async resolveUnknown(record: OutboxRecord): Promise<void> {
    const fate = await unknownFate(this.deps, record, this.log);
    if (fate === 'cannot-tell') {
      this.unknownPending.set(record.id, Date.now() + UNKNOWN_RECHECK_MS);
      return;
    }
    this.unknownPending.delete(record.id);
    if (fate === 'not-sent') {
      this.deps.outbox.setState(record.id, 'scheduled');
      this.changed(record.accountId);
      return;
    }
    if (fate === 'assumed-sent') {
      this.deps.events.emit('notice', {
        accountId: record.accountId,
        message: `Tidings stopped while the server was taking "${record.subject || '(no subject)'}". The server had the whole message, so it was not sent again; if a recipient did not get it, send it again from Sent.`,
      });
    }
    this.deps.outbox.setState(record.id, 'accepted');
    await this.finish({ ...record, state: 'accepted' }, null);
  }

  /**
   * The server took the message: file the Sent copy, drop the draft (or keep
   * it with the recipients the server refused), mark the original answered or
   * forwarded, leave the outbox. Safe to run again after a crash.
   */
  private async finish(record: OutboxRecord, outcome: Extract<SubmitOutcome, { ok: true }> | null): Promise<void> {
    const raw = this.deps.outbox.raw(record.id);
    if (!raw) return;
    const sentFolderIds = await fileSentCopy(this.deps, record, raw);
    if (sentFolderIds === null) {
      // The account's folders are not known yet (sent right after adding it): finish once they are.
      this.waitingForFolders.add(record.id);
      return;
    }
    const refused = outcome?.refused ?? [];
    const draft = this.deps.drafts.get(record.draftId);
    this.deps.outbox.finish(record.id, draft && refused.length === 0 ? this.deps.draftService.removal(draft) : undefined);
    if (draft && refused.length > 0) {
      // Those the server refused stay in the draft, to fix and send again.
      const left = new Set(refused.map((r) => r.address.toLowerCase()));
      const only = (list: typeof draft.fields.to) => list.filter((a) => left.has(a.address.trim().toLowerCase()));
      this.deps.draftService.save(draft.id, {
        ...draft.fields,
        to: only(draft.fields.to),
        cc: only(draft.fields.cc),
        bcc: only(draft.fields.bcc),
      });
    } else if (draft) {
      this.deps.events.emit('drafts.changed', { accountId: record.accountId, draftId: record.draftId });
    }
    if (record.source) this.markSource(record.source);
    this.changed(record.accountId);
    this.deps.events.emit('store.changed', { accountId: record.accountId, folderIds: sentFolderIds });
    this.deps.poke(record.accountId, sentFolderIds);
    this.deps.events.emit('outbox.sent', {
      accountId: record.accountId,
      outboxId: record.id,
      draftId: record.draftId,
      messageId: record.messageId,
      accepted: outcome?.accepted ?? record.envelope.to,
      refused,
    });
    if (refused.length > 0) {
      this.draftBack(
        record,
        'recipients_refused',
        `Sent to ${outcome?.accepted.join(', ')}, but the server refused ${refused.map((r) => `${r.address}: ${r.response}`).join('; ')}. The draft holds the refused recipients.`,
        refused,
        outcome?.accepted ?? [],
      );
    }
  }

  private markSource(source: OutboxSource): void {
    if (source.mode === 'reply' || source.mode === 'replyAll') this.deps.markSource(source.messageId, { answered: true });
    else if (source.mode === 'forward' || source.mode === 'forwardAsAttachment')
      this.deps.markSource(source.messageId, { forwarded: true });
  }

  private returnToDrafts(
    record: OutboxRecord,
    reason: 'recipients_refused' | 'message_refused' | 'too_large',
    message: string,
    refused: RefusedRecipient[],
    accepted: string[],
  ): void {
    this.deps.outbox.delete(record.id);
    this.changed(record.accountId);
    this.draftBack(record, reason, `"${record.subject || '(no subject)'}" was not sent. ${message}`, refused, accepted);
  }

  /** Tells the UI that the message's draft holds what the server did not take, and why. */
  private draftBack(
    record: OutboxRecord,
    reason: 'recipients_refused' | 'message_refused' | 'too_large',
    message: string,
    refused: RefusedRecipient[],
    accepted: string[],
  ): void {
    this.deps.events.emit('drafts.changed', { accountId: record.accountId, draftId: record.draftId });
    this.deps.events.emit('outbox.failed', {
      accountId: record.accountId,
      outboxId: record.id,
      draftId: record.draftId,
      returnedToDrafts: true,
      reason,
      message,
      refused,
      accepted,
    });
  }

  private retryLater(accountId: string, records: readonly OutboxRecord[], message: string): void {
    if (records.length === 0) return;
    const at = Date.now() + this.backoff(accountId).next();
    for (const record of records) this.deps.outbox.retryLater(record.id, at, message);
    this.changed(accountId);
  }

  private waitForUser(records: readonly OutboxRecord[], message: string, reason: 'auth_failed' | 'tls_failed'): void {
    const at = Date.now() + NEEDS_USER_RETRY_MS;
    for (const record of records) {
      this.deps.outbox.retryLater(record.id, at, message);
      this.deps.events.emit('outbox.failed', {
        accountId: record.accountId,
        outboxId: record.id,
        draftId: record.draftId,
        returnedToDrafts: false,
        reason,
        message: `"${record.subject || '(no subject)'}" waits in the Outbox: ${message}`,
        refused: [],
        accepted: [],
      });
    }
    if (records[0]) this.changed(records[0].accountId);
  }

  private backoff(accountId: string): Backoff {
    let backoff = this.backoffs.get(accountId);
    if (!backoff) {
      backoff = new Backoff(this.deps.retry?.firstMs, 1.5, this.deps.retry?.maxMs);
      this.backoffs.set(accountId, backoff);
    }
    return backoff;
  }

  private trusted(server: { host: string; port: number }): TrustedCertificate[] {
    return this.deps.trusted(server.host, server.port);
  }

  private require(id: string): OutboxRecord {
    const record = this.deps.outbox.get(id);
    if (!record) throw new ApiError('not_found', 'That message is not in the Outbox (any more).');
    return record;
  }

  private changed(accountId: string): void {
    this.deps.events.emit('outbox.changed', { accountId });
    this.wakeup.wake();
  }
}

function dueAt(record: OutboxRecord): number {
  return Math.max(record.sendAt, record.nextAttemptAt ?? 0);
}

function isDue(record: OutboxRecord, now: number): boolean {
  return record.state === 'scheduled' && dueAt(record) <= now;
}

function toItem(record: OutboxRecord): OutboxItem {
  return {
    id: record.id,
    accountId: record.accountId,
    draftId: record.draftId,
    subject: record.subject,
    recipients: record.recipients,
    size: record.size,
    state: record.state === 'scheduled' ? (record.attempts > 0 ? 'retrying' : 'scheduled') : 'sending',
    sendAt: new Date(record.sendAt).toISOString(),
    attempts: record.attempts,
    nextAttemptAt: record.nextAttemptAt === null ? null : new Date(record.nextAttemptAt).toISOString(),
    lastError: record.lastError,
    createdAt: record.createdAt,
  };
}
