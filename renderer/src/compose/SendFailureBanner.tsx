import { FormatIcon } from './compose-icons';
import type { SendFailure } from './send-failure';

/**
 * Why the message is back in the editor, in the server's own words: each
 * refused recipient with the server's reply (a mistyped domain shows as
 * "bob@exampel.com: 550 5.1.1 …"), and who received it anyway.
 */
export function SendFailureBanner({ failure }: { failure: SendFailure }) {
  return (
    <div className="send-failure" role="alert">
      <FormatIcon name="warning" />
      <div>
        <p className="send-failure-title">
          {failure.refused.length > 0
            ? `Not sent to ${failure.refused.length === 1 ? 'one recipient' : `${failure.refused.length} recipients`}: the server refused ${failure.refused.length === 1 ? 'the address' : 'these addresses'}.`
            : 'The message was not sent.'}
        </p>
        {failure.refused.length > 0 ? (
          <ul className="send-failure-list">
            {failure.refused.map((r) => (
              <li key={r.address}>
                <strong>{r.address}</strong>: <span className="server-words">{r.response}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="server-words">{failure.message}</p>
        )}
        {failure.accepted.length > 0 && (
          <p className="muted">
            Delivered to {failure.accepted.join(', ')}. Correct the addresses above and send again; only they will get it.
          </p>
        )}
        {failure.accepted.length === 0 && failure.refused.length > 0 && <p className="muted">Correct the addresses and send again.</p>}
      </div>
    </div>
  );
}
