import { useEffect, useRef } from 'react';
import type { AppCommand } from '../../../shared/app-commands';
import { registerCommand } from '../common/app-commands';

/**
 * This component does `command` while `enabled` (common/app-commands.ts).
 * The newest `handler` is called: no need to memoize it.
 */
export function useAppCommand(command: AppCommand, handler: () => void, enabled = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => (enabled ? registerCommand(command, () => latest.current()) : undefined), [command, enabled]);
}
