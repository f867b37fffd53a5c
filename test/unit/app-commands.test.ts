import { describe, expect, it } from 'vitest';
import { registerCommand, runCommand } from '../../renderer/src/common/app-commands';
import { isAppCommand } from '../../shared/app-commands';

describe('the page’s app commands', () => {
  it('runs the newest registration, falls back when it leaves, and says when nothing can run', () => {
    const ran: string[] = [];
    expect(runCommand('compose.new')).toBe(false);
    const offMail = registerCommand('compose.new', () => ran.push('mail'));
    const offDialog = registerCommand('compose.new', () => ran.push('dialog'));
    expect(runCommand('compose.new')).toBe(true);
    offDialog();
    runCommand('compose.new');
    offMail();
    expect(runCommand('compose.new')).toBe(false);
    expect(ran).toEqual(['dialog', 'mail']);
  });

  it('knows its commands and nothing else (what the bridge passes on)', () => {
    expect(isAppCommand('message.reply')).toBe(true);
    expect(isAppCommand('message.burn')).toBe(false);
    expect(isAppCommand({ toString: () => 'message.reply' })).toBe(false);
  });
});
