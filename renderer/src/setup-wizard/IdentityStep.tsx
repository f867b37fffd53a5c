import { type FormEvent, useEffect, useId, useState } from 'react';
import { emailSchema } from '../../../shared/accounts';
import { TextField } from '../add-account/fields';
import { StepHeader } from './StepHeader';

interface Props {
  name: string;
  email: string;
  onChange: (change: { name?: string; email?: string }) => void;
  /** Set while discovery runs: the domain being looked up. */
  lookingUp: string | null;
  onContinue: () => void;
  onManual: () => void;
  onCancel: () => void;
}

/** Step 1: who you are and your address; Continue looks the settings up. */
export function IdentityStep({ name, email, onChange, lookingUp, onContinue, onManual, onCancel }: Props) {
  const headingId = useId();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    document.getElementById('wizard-name')?.focus();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (lookingUp) return;
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Enter an email address like name@example.com');
      document.getElementById('wizard-email')?.focus();
      return;
    }
    setError(undefined);
    onContinue();
  }

  return (
    <form className="card wizard" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <StepHeader current={1} />
      <h1 id={headingId}>Add a mail account</h1>
      <p className="muted wizard-intro">Enter your name and email address. Tidings finds your provider’s settings for you.</p>
      <TextField
        id="wizard-name"
        label="Your name"
        value={name}
        onChange={(value) => onChange({ name: value })}
        error={undefined}
        autoComplete="name"
        placeholder="Jane Doe"
      />
      <TextField
        id="wizard-email"
        label="Email address"
        type="email"
        value={email}
        onChange={(value) => {
          setError(undefined);
          onChange({ email: value });
        }}
        error={error}
        autoComplete="email"
        autoCapitalize="none"
        spellCheck={false}
        placeholder="jane@example.com"
      />
      <div className="wizard-lookup" role="status">
        {lookingUp && (
          <>
            <span className="spinner" aria-hidden="true" /> Looking up {lookingUp}…
          </>
        )}
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <span className="spacer" />
        <button type="button" className="link-button" onClick={onManual}>
          Set up manually
        </button>
        <button type="submit" className="button primary" aria-disabled={lookingUp ? true : undefined}>
          Continue
        </button>
      </div>
    </form>
  );
}
