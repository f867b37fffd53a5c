const STEPS = ['Your address', 'Sign in', 'Connect'] as const;

/** "1 Your address — 2 Sign in — 3 Connect", the current one marked (aria-current="step"). */
export function StepHeader({ current }: { current: 1 | 2 | 3 }) {
  return (
    <ol className="wizard-steps" aria-label="Setup steps">
      {STEPS.map((label, index) => {
        const number = index + 1;
        const state = number < current ? 'done' : number === current ? 'current' : 'todo';
        return (
          <li key={label} className={`wizard-step wizard-step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="wizard-step-number" aria-hidden="true">
              {state === 'done' ? '✓' : number}
            </span>
            <span className="wizard-step-label">
              {label}
              {state === 'done' && <span className="visually-hidden"> (done)</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
