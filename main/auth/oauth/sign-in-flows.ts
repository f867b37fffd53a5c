import { randomBytes } from 'node:crypto';
import { ApiError } from '../../../shared/errors';
import { OAUTH_PROVIDER_LABEL, type OAuthBegun, type OAuthProvider } from '../../../shared/oauth';
import { logger } from '../../base/log';
import { readAuthorizationResponse } from './authorization-response';
import { type LoopbackListener, openLoopbackListener } from './loopback-listener';
import { codeChallengeS256, makeCodeVerifier, makeState } from './pkce';
import type { OAuthSettings } from './provider-settings';
import { exchangeCode, type TokenSet } from './token-endpoint';

// Sign-in flows in progress: authorization code + PKCE with a loopback
// redirect. A flow lives in memory only: begun, then answered by the browser
// (tokens kept here until an account takes them), or failed, cancelled, timed
// out. Nothing of a flow is ever written to disk.

export interface FinishedFlow {
  flowId: string;
  provider: OAuthProvider;
  email: string;
  accountId?: string;
  tokens: TokenSet;
}

interface Flow {
  id: string;
  provider: OAuthProvider;
  email: string;
  accountId?: string;
  listener: LoopbackListener;
  /** Settles once: tokens, or the ApiError that ended the flow. */
  outcome: Promise<FinishedFlow>;
  fail(error: ApiError): void;
  finished?: FinishedFlow;
  timer: NodeJS.Timeout;
}

export interface SignInFlowsOptions {
  /** How long the browser has to come back (default 10 minutes). */
  answerTimeoutMs?: number;
  /** How long a finished flow's tokens wait for `accounts.add` (default 30 minutes). */
  keepFinishedMs?: number;
}

const log = logger('oauth');

export class SignInFlows {
  private readonly flows = new Map<string, Flow>();

  constructor(
    private readonly settings: OAuthSettings,
    private readonly options: SignInFlowsOptions = {},
  ) {}

  async begin(provider: OAuthProvider, email: string, accountId?: string): Promise<OAuthBegun> {
    const settings = this.settings[provider];
    const label = OAUTH_PROVIDER_LABEL[provider];
    if (!settings.client) {
      throw new ApiError(
        'not_configured',
        `Sign in with ${label} is not available: no ${label} client ID is configured in this build of Tidings.`,
      );
    }
    const id = randomBytes(18).toString('base64url');
    const state = makeState();
    const verifier = makeCodeVerifier();
    let settle!: { resolve(flow: FinishedFlow): void; reject(error: ApiError): void };
    const outcome = new Promise<FinishedFlow>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // A flow nobody waits on must not crash the process with an unhandled rejection.
    outcome.catch(() => undefined);

    const listener = await openLoopbackListener(settings.redirectHost, state, async (params) => {
      try {
        const code = readAuthorizationResponse(params, {
          state,
          label,
          ...(settings.issuer ? { issuer: settings.issuer } : {}),
          ...(settings.issuerRequired ? { issuerRequired: true } : {}),
        });
        const tokens = await exchangeCode(settings, code, listener.redirectUri, verifier);
        if (!tokens.refreshToken)
          throw new ApiError('oauth_failed', `${label} did not grant offline access (no refresh token). Try again.`);
        flow.finished = { flowId: id, provider, email, ...(accountId ? { accountId } : {}), tokens };
        clearTimeout(flow.timer);
        flow.timer = setTimeout(() => this.forget(id), this.options.keepFinishedMs ?? 30 * 60_000);
        flow.timer.unref();
        settle.resolve(flow.finished);
        return { title: 'Signed in', message: 'Tidings is signed in. You can close this tab.' };
      } catch (error) {
        log.warn({ provider, err: error }, 'a sign-in failed');
        const apiError = error instanceof ApiError ? error : new ApiError('oauth_failed', `Signing in with ${label} failed.`);
        flow.fail(apiError);
        return { title: 'Sign-in failed', message: `${apiError.message} You can close this tab.` };
      }
    });

    const flow: Flow = {
      id,
      provider,
      email,
      ...(accountId ? { accountId } : {}),
      listener,
      outcome,
      fail: (error) => {
        settle.reject(error);
        listener.close();
        clearTimeout(flow.timer);
        // A failed flow is kept a short while so that `oauth.wait` still reports why.
        flow.timer = setTimeout(() => this.forget(id), 60_000);
        flow.timer.unref();
      },
      timer: setTimeout(
        () => flow.fail(new ApiError('timeout', `Nobody came back from ${label}'s sign-in page within the time allowed. Start again.`)),
        this.options.answerTimeoutMs ?? 10 * 60_000,
      ),
    };
    flow.timer.unref();
    this.flows.set(id, flow);

    const url = new URL(settings.authorizationEndpoint);
    const query: Record<string, string> = {
      response_type: 'code',
      client_id: settings.client.clientId,
      redirect_uri: listener.redirectUri,
      scope: settings.scopes.join(' '),
      state,
      code_challenge: codeChallengeS256(verifier),
      code_challenge_method: 'S256',
      login_hint: email,
      ...settings.extraAuthorizationParams,
    };
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return { flowId: id, authorizationUrl: url.toString() };
  }

  /** Resolves when the flow has tokens; rejects with the ApiError that ended it. */
  wait(flowId: string): Promise<FinishedFlow> {
    return this.require(flowId).outcome;
  }

  cancel(flowId: string): void {
    const flow = this.flows.get(flowId);
    if (!flow) return;
    if (!flow.finished) flow.fail(new ApiError('cancelled', 'Signing in was cancelled.'));
    this.forget(flowId);
  }

  /** The tokens of a finished flow for this provider; `take` also forgets the flow. */
  finished(flowId: string, provider: OAuthProvider, options: { take?: boolean } = {}): FinishedFlow {
    const flow = this.require(flowId);
    if (!flow.finished || flow.provider !== provider) {
      throw new ApiError('invalid_argument', `That sign-in with ${OAUTH_PROVIDER_LABEL[provider]} has not finished. Sign in first.`);
    }
    if (options.take) this.forget(flowId);
    return flow.finished;
  }

  /** Ends every flow (the core is closing). */
  closeAll(): void {
    for (const id of [...this.flows.keys()]) this.cancel(id);
  }

  private require(flowId: string): Flow {
    const flow = this.flows.get(flowId);
    if (!flow) throw new ApiError('not_found', 'That sign-in is unknown or has expired. Start signing in again.');
    return flow;
  }

  private forget(flowId: string): void {
    const flow = this.flows.get(flowId);
    if (!flow) return;
    clearTimeout(flow.timer);
    flow.listener.close();
    this.flows.delete(flowId);
  }
}
