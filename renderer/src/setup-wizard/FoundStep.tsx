import { type FormEvent, useEffect, useId, useState } from 'react';
import type { IncomingProtocol } from '../../../shared/accounts';
import type { Discovery } from '../../../shared/discovery';
import { TextField } from '../add-account/fields';
import { OAUTH_LABEL, type OAuthProviderId } from './oauth';
import { ServerSummary } from './ServerSummary';
import { SignInGuidance } from './SignInGuidance';
import { StepHeader } from './StepHeader';
import { incomingFor, protocolsFound, sourceWords } from './settings';

interface Props {
  found: Discovery;
  protocol: IncomingProtocol;
  onProtocol: (protocol: IncomingProtocol) => void;
  password: string;
  onPassword: (password: string) => void;
  /** Which OAuth2 providers this build can sign in with; null while asking. */
  oauthReady: Record<OAuthProviderId, boolean> | null;
  /** An error from signing in with the provider. */
  oauthError: string | null;
  signingIn: boolean;
  onSignIn: (provider: OAuthProviderId) => void;
  onContinue: () => void;
  onEdit: () => void;
  onBack: () => void;
}

const PROTOCOL_CHOICES: ReadonlyArray<{ value: IncomingProtocol; label: string; hint: string }> = [
  { value: 'imap', label: 'IMAP', hint: 'Mail stays on the server and in sync on all your devices (recommended)' },
  { value: 'pop3', label: 'POP3', hint: 'Mail is downloaded to this computer' },
];

/** Step 2: what was found and where from, IMAP or POP3, and how to sign in. */
export function FoundStep(props: Props) {
  const { found, protocol, password, oauthReady, signingIn } = props;
  const headingId = useId();
  const provider = found.provider;
  const oauth = provider?.signIn.oauth ?? null;
  const oauthAvailable = oauth !== null && oauthReady?.[oauth] === true;
  const passwordKind = provider?.signIn.password ?? 'password';
  // With OAuth2 on offer, the password path is one click away rather than competing with it.
  const [showPassword, setShowPassword] = useState(!oauthAvailable);
  const [error, setError] = useState<string | undefined>();
  const protocols = protocolsFound(found);
  const incoming = incomingFor(found, protocol);

  useEffect(() => {
    if (!oauthAvailable) setShowPassword(true);
  }, [oauthAvailable]);

  useEffect(() => {
    document.getElementById('wizard-found-heading')?.focus();
  }, []);

  const passwordOffered = passwordKind !== 'none' && showPassword;
  // Only OAuth2 would work there, and this build cannot offer it.
  const noWayIn = passwordKind === 'none' && !oauthAvailable && oauthReady !== null;
  const passwordLabel = passwordKind === 'app-password' ? 'App password' : 'Password';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (signingIn || !passwordOffered) return;
    if (!password) {
      setError(`Enter the ${passwordLabel.toLowerCase()}`);
      document.getElementById('wizard-password')?.focus();
      return;
    }
    props.onContinue();
  }

  return (
    <form className="card wizard" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <StepHeader current={2} />
      <div className="wizard-found-title">
        <span className="wizard-avatar" aria-hidden="true">
          {(provider?.name ?? found.domain).slice(0, 1).toUpperCase()}
        </span>
        <div>
          <h1 id={headingId}>
            <span id="wizard-found-heading" tabIndex={-1}>
              Found settings for {found.domain}
            </span>
          </h1>
          <p className="muted wizard-source">
            {provider ? `${provider.name} · ` : ''}from: {sourceWords(found)}
          </p>
        </div>
      </div>

      <ServerSummary incoming={incoming} outgoing={found.outgoing[0]} />
      <div className="wizard-edit-row">
        <button type="button" className="link-button" onClick={props.onEdit}>
          Edit settings
        </button>
      </div>
      {(incoming?.security === 'none' || found.outgoing[0]?.security === 'none') && (
        <p className="warning">
          This server does not encrypt the connection: your password and mail would travel unprotected. Use Edit settings if your provider
          offers SSL/TLS or STARTTLS.
        </p>
      )}

      {protocols.length > 1 && !noWayIn && (
        <fieldset className="wizard-choice">
          <legend>Receive mail with</legend>
          {PROTOCOL_CHOICES.filter((choice) => protocols.includes(choice.value)).map((choice) => (
            <label key={choice.value} className="wizard-radio">
              <input
                type="radio"
                name="wizard-protocol"
                value={choice.value}
                checked={protocol === choice.value}
                onChange={() => props.onProtocol(choice.value)}
              />
              <span>
                <strong>{choice.label}</strong>
                <span className="muted"> — {choice.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}

      {oauth && (
        <div className="wizard-oauth">
          {oauthAvailable && (
            <p className="muted">
              You sign in on {OAUTH_LABEL[oauth]}’s own page, in your browser: Tidings never sees your {OAUTH_LABEL[oauth]} password.
            </p>
          )}
          {oauthAvailable ? (
            <button
              type="button"
              className={`button primary large oauth-button oauth-${oauth}`}
              onClick={() => !signingIn && props.onSignIn(oauth)}
              aria-disabled={signingIn || undefined}
            >
              Sign in with {OAUTH_LABEL[oauth]}
            </button>
          ) : (
            oauthReady && (
              <p className="muted wizard-oauth-missing">
                Sign in with {OAUTH_LABEL[oauth]} is not set up in this build of Tidings (it has no {OAUTH_LABEL[oauth]} client ID).
                {passwordKind === 'none' ? '' : ' You can use an app password instead.'}
              </p>
            )
          )}
          {signingIn && (
            <p className="muted" role="status">
              <span className="spinner" aria-hidden="true" /> Waiting for you to finish signing in with {OAUTH_LABEL[oauth]} in your
              browser…
            </p>
          )}
          {props.oauthError && (
            <p className="error-text" role="alert">
              {props.oauthError}
            </p>
          )}
          {oauthAvailable && passwordKind !== 'none' && !showPassword && (
            <button type="button" className="link-button" onClick={() => setShowPassword(true)}>
              Use an app password instead
            </button>
          )}
        </div>
      )}

      {noWayIn && (
        <p className="warning">
          {provider?.name ?? 'This provider'} does not accept passwords from mail apps, so this account cannot be added with this build.
        </p>
      )}

      {passwordOffered && (
        <div className="wizard-password">
          {provider && <SignInGuidance provider={provider} />}
          <TextField
            id="wizard-password"
            label={passwordLabel}
            type="password"
            value={password}
            onChange={(value) => {
              setError(undefined);
              props.onPassword(value);
            }}
            error={error}
            autoComplete="off"
          />
        </div>
      )}

      <div className="form-actions">
        <button type="button" className="button" onClick={props.onBack}>
          Back
        </button>
        <span className="spacer" />
        {passwordOffered && (
          <button type="submit" className="button primary" aria-disabled={signingIn || undefined}>
            Continue
          </button>
        )}
      </div>
    </form>
  );
}
