import type { IncomingProtocol, Security } from '../../../shared/accounts';
import { SelectField, TextField } from './fields';
import { type FieldErrors, type FieldKey, type FormValues, type ServerSide, shownServer } from './formState';

export const SECURITY_OPTIONS: ReadonlyArray<{ value: Security; label: string }> = [
  { value: 'tls', label: 'SSL/TLS' },
  { value: 'starttls', label: 'STARTTLS' },
  { value: 'none', label: 'None' },
];

const PROTOCOL_OPTIONS: ReadonlyArray<{ value: IncomingProtocol; label: string }> = [
  { value: 'imap', label: 'IMAP' },
  { value: 'pop3', label: 'POP3' },
];

export function fieldId(key: FieldKey): string {
  return `field-${key.replace('.', '-')}`;
}

interface Props {
  side: ServerSide;
  values: FormValues;
  errors: FieldErrors;
  onServerChange: (side: ServerSide, change: Partial<FormValues[ServerSide]>) => void;
  onProtocolChange: (protocol: IncomingProtocol) => void;
}

/** One server's settings ("Incoming …" or "Outgoing …" labels), grouped under a legend. */
export function ServerFieldset({ side, values, errors, onServerChange, onProtocolChange }: Props) {
  const shown = shownServer(values, side);
  const prefix = side === 'incoming' ? 'Incoming' : 'Outgoing';
  const warningId = `${side}-unencrypted-warning`;
  const change = (c: Partial<FormValues[ServerSide]>) => onServerChange(side, c);

  return (
    <fieldset className="server-fieldset">
      <legend>{side === 'incoming' ? 'Incoming mail server' : 'Outgoing mail server (SMTP)'}</legend>
      <div className="field-row">
        {side === 'incoming' && (
          <SelectField
            id={fieldId('incoming.protocol')}
            label="Incoming server type"
            className="field-narrow"
            value={values.protocol}
            options={PROTOCOL_OPTIONS}
            onChange={onProtocolChange}
            error={errors['incoming.protocol']}
          />
        )}
        <TextField
          id={fieldId(`${side}.host`)}
          label={`${prefix} server`}
          className="field-grow"
          value={shown.host}
          onChange={(host) => change({ host })}
          error={errors[`${side}.host`]}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          placeholder={side === 'incoming' ? 'imap.example.com' : 'smtp.example.com'}
        />
      </div>
      <div className="field-row">
        <TextField
          id={fieldId(`${side}.port`)}
          label={`${prefix} port`}
          className="field-narrow"
          value={shown.port}
          onChange={(port) => change({ port })}
          error={errors[`${side}.port`]}
          inputMode="numeric"
          autoComplete="off"
        />
        <SelectField
          id={fieldId(`${side}.security`)}
          label={`${prefix} security`}
          className="field-grow"
          value={shown.security}
          options={SECURITY_OPTIONS}
          onChange={(security) => change({ security })}
          error={errors[`${side}.security`]}
          noteId={shown.security === 'none' ? warningId : undefined}
        />
      </div>
      {shown.security === 'none' && (
        <p className="warning" id={warningId}>
          With no security, your password and mail would travel unencrypted: anyone on the network between you and the server could read
          them.
        </p>
      )}
      <TextField
        id={fieldId(`${side}.username`)}
        label={`${prefix} username`}
        value={shown.username}
        onChange={(username) => change({ username })}
        error={errors[`${side}.username`]}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
      />
    </fieldset>
  );
}
