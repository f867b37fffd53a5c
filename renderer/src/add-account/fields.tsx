import type { InputHTMLAttributes, ReactNode } from 'react';

// A labelled control with its error underneath. The error is tied to the
// control with aria-describedby and aria-invalid so screen readers read it
// when the field gets focus.

interface FieldShellProps {
  id: string;
  label: string;
  error: string | undefined;
  className?: string | undefined;
  children: ReactNode;
}

function FieldShell({ id, label, error, className, children }: FieldShellProps) {
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, error: string | undefined, extra?: string): string | undefined {
  const ids = [error ? `${id}-error` : null, extra ?? null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'className'> {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  className?: string;
}

export function TextField({ id, label, value, onChange, error, className, ...input }: TextFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} className={className}>
      <input
        id={id}
        name={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error)}
        {...input}
      />
    </FieldShell>
  );
}

interface SelectFieldProps<V extends string> {
  id: string;
  label: string;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange: (value: V) => void;
  error: string | undefined;
  className?: string;
  /** id of a note about the current choice (e.g. the "None" warning), read with the control. */
  noteId?: string | undefined;
}

export function SelectField<V extends string>(props: SelectFieldProps<V>) {
  const { id, label, value, options, onChange, error, className, noteId } = props;
  return (
    <FieldShell id={id} label={label} error={error} className={className}>
      <select
        id={id}
        name={id}
        value={value}
        // The options are exactly the V values we rendered.
        onChange={(e) => onChange(e.target.value as V)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, noteId)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
