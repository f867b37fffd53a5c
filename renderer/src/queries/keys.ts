// Every query key of the renderer, in one place: the hooks read with them and
// events.ts invalidates with them, so the two cannot drift apart.

export const queryKeys = {
  appInfo: ['app-info'] as const,
  accounts: ['accounts'] as const,
  /** Prefix of every account's folder list. */
  allFolders: ['folders'] as const,
  folders: (accountId: string) => ['folders', accountId] as const,
  /** The unified views' counts (every account's at once). */
  viewCounts: ['view-counts'] as const,
  /** Prefix of every message read for the reader. */
  allMessages: ['message'] as const,
  message: (id: number) => ['message', id] as const,
  messageSource: (id: number) => ['message-source', id] as const,
  /** Prefix of every conversation read for the reader. */
  allThreads: ['thread'] as const,
  thread: (threadId: number, folderId: number) => ['thread', threadId, folderId] as const,
  /** The outbox of every account (one call lists them all). */
  outbox: ['outbox'] as const,
  identities: (accountId: string) => ['identities', accountId] as const,
  allIdentities: ['identities', '*'] as const,
  composeSettings: (accountId: string) => ['compose-settings', accountId] as const,
  composeLimits: (accountId: string) => ['compose-limits', accountId] as const,
  oauthProviders: ['oauth-providers'] as const,
  /** The global settings (one call reads them all). */
  settings: ['settings'] as const,
  trustedCertificates: ['trusted-certificates'] as const,
};
