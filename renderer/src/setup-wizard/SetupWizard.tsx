import { useEffect, useRef, useState } from 'react';
import type { Account, IncomingProtocol } from '../../../shared/accounts';
import type { Discovery } from '../../../shared/discovery';
import type { NewAccount } from '../../../shared/oauth';
import { AddAccountForm } from '../add-account/AddAccountForm';
import type { FormValues } from '../add-account/formState';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { useOAuthProviders } from '../queries/useOAuthProviders';
import { ConnectStep } from './ConnectStep';
import { FoundStep } from './FoundStep';
import { IdentityStep } from './IdentityStep';
import { beginSignIn, type OAuthProviderId, type SignInHandle } from './oauth';
import { domainOf, draftFrom, formValuesFrom, isComplete, protocolsFound, sourceWords } from './settings';

/** The manual form's line above the fields when it starts from what was found. */
function foundNotice(found: Discovery) {
  return {
    tone: 'info' as const,
    text: `These are the settings found for ${found.domain} (from: ${sourceWords(found)}). Change what you need.`,
  };
}

// The account-setup wizard: (1) name and address, (2) what was found and how
// to sign in, (3) connect, save, see the folders. "Edit settings" and "Set up
// manually" open the manual form, prefilled with whatever is known.

type Step =
  | { kind: 'identity' }
  | { kind: 'found'; found: Discovery }
  | { kind: 'connect'; found: Discovery; draft: NewAccount }
  | { kind: 'manual'; prefill: Partial<FormValues>; notice: { text: string; tone: 'info' | 'warning' } | null; back: Discovery | null };

interface Props {
  onSaved: (account: Account) => void;
  onCancel: () => void;
}

export function SetupWizard({ onSaved, onCancel }: Props) {
  const api = useApi();
  const [step, setStep] = useState<Step>({ kind: 'identity' });
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [protocol, setProtocol] = useState<IncomingProtocol>('imap');
  const [lookingUp, setLookingUp] = useState<string | null>(null);
  const oauthReady = useOAuthProviders();
  const [oauthError, setOauthError] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  // A lookup the user walked away from (Set up manually, Cancel) must not pull them back.
  const lookup = useRef(0);
  // The sign-in under way in the browser, cancelled when the user goes back.
  const signInFlow = useRef<SignInHandle | null>(null);
  useEffect(() => () => signInFlow.current?.cancel(), []);

  async function discover() {
    const address = email.trim();
    const request = ++lookup.current;
    setLookingUp(domainOf(address));
    let found: Discovery | null = null;
    let failure: string | null = null;
    try {
      found = await api.call('accounts.discover', { email: address });
    } catch (error) {
      failure = toApiError(error).message;
    }
    if (request !== lookup.current) return;
    setLookingUp(null);
    if (found && isComplete(found)) {
      setProtocol(protocolsFound(found)[0] ?? 'imap');
      setOauthError(null);
      setStep({ kind: 'found', found });
      return;
    }
    const domain = domainOf(address);
    openManual(found, {
      tone: 'warning',
      text: failure
        ? `Tidings could not look up ${domain}: ${failure} Enter the settings your provider gives you.`
        : found?.source
          ? `Tidings found only part of the settings for ${domain}. Fill in the rest from your provider’s help pages.`
          : `Tidings could not find settings for ${domain}. Enter the ones your provider gives you.`,
    });
  }

  function openManual(found: Discovery | null, notice: { text: string; tone: 'info' | 'warning' } | null) {
    lookup.current++;
    setLookingUp(null);
    setStep({
      kind: 'manual',
      prefill: formValuesFrom(found, { name, email }, found ? protocol : null, password),
      notice,
      back: found && isComplete(found) ? found : null,
    });
  }

  async function signIn(found: Discovery, provider: OAuthProviderId) {
    setOauthError(null);
    setSigningIn(true);
    try {
      const flow = await beginSignIn(api, provider, found.email);
      signInFlow.current = flow;
      const oauth = await flow.done;
      if (signInFlow.current !== flow) return;
      signInFlow.current = null;
      const draft = draftFrom(found, name, protocol, { oauth });
      if (draft) setStep({ kind: 'connect', found, draft });
    } catch (error) {
      const failure = toApiError(error);
      // Going back cancels the flow on purpose: nothing to report then.
      if (failure.code !== 'cancelled') setOauthError(failure.message);
    } finally {
      setSigningIn(false);
    }
  }

  function cancelSignIn() {
    signInFlow.current?.cancel();
    signInFlow.current = null;
  }

  switch (step.kind) {
    case 'identity':
      return (
        <IdentityStep
          name={name}
          email={email}
          onChange={(change) => {
            if (change.name !== undefined) setName(change.name);
            if (change.email !== undefined) setEmail(change.email);
          }}
          lookingUp={lookingUp}
          onContinue={() => void discover()}
          onManual={() => openManual(null, null)}
          onCancel={() => {
            lookup.current++;
            onCancel();
          }}
        />
      );
    case 'found':
      return (
        <FoundStep
          found={step.found}
          protocol={protocol}
          onProtocol={setProtocol}
          password={password}
          onPassword={setPassword}
          oauthReady={oauthReady}
          oauthError={oauthError}
          signingIn={signingIn}
          onSignIn={(provider) => void signIn(step.found, provider)}
          onContinue={() => {
            const draft = draftFrom(step.found, name, protocol, { password });
            if (draft) setStep({ kind: 'connect', found: step.found, draft });
          }}
          onEdit={() => {
            cancelSignIn();
            openManual(step.found, foundNotice(step.found));
          }}
          onBack={() => {
            cancelSignIn();
            setStep({ kind: 'identity' });
          }}
        />
      );
    case 'connect':
      return (
        <ConnectStep
          draft={step.draft}
          onDone={onSaved}
          onBack={() => setStep({ kind: 'found', found: step.found })}
          onEdit={() => openManual(step.found, foundNotice(step.found))}
        />
      );
    case 'manual':
      return (
        <AddAccountForm
          initial={step.prefill}
          notice={step.notice}
          onSaved={onSaved}
          cancelLabel="Back"
          onCancel={() => setStep(step.back ? { kind: 'found', found: step.back } : { kind: 'identity' })}
        />
      );
  }
}
