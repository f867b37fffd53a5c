import { describe, expect, it } from 'vitest';
import { type MenuSpec, menuTemplate, withClicks } from '../../main/app/menu';
import { APP_COMMANDS, type AppCommand } from '../../shared/app-commands';

// The desktop app's menu as data (main/app/menu.ts): what each platform gets,
// which keys it takes from the page, and that a click hands the page its command.

function items(specs: readonly MenuSpec[]): MenuSpec[] {
  return specs.flatMap((spec) => [spec, ...items(spec.submenu ?? [])]);
}

describe('the application menu', () => {
  for (const platform of ['darwin', 'linux', 'win32'] as const) {
    it(`offers every command once on ${platform}, with no key taken twice`, () => {
      const all = items(menuTemplate({ platform, packaged: true }));
      const commands = all.map((i) => i.command).filter((c) => c !== undefined);
      // Every command but Settings' place differs by platform; each appears exactly once.
      expect([...commands].sort()).toEqual([...APP_COMMANDS].sort());
      const keys = all.map((i) => i.accelerator).filter((a) => a !== undefined);
      expect(new Set(keys).size).toBe(keys.length);
    });
  }

  it('takes only Ctrl/Cmd keys from the page: single keys are shown, not registered (typing "e" in a message must not archive)', () => {
    for (const item of items(menuTemplate({ platform: 'linux', packaged: true }))) {
      if (item.accelerator === undefined) continue;
      const registered = item.registerAccelerator !== false;
      expect(registered, `${item.label}: ${item.accelerator}`).toBe(/CmdOrCtrl\+/.test(String(item.accelerator)));
    }
  });

  it('puts Settings in the app menu on macOS, in File elsewhere, both on Ctrl/Cmd+,', () => {
    const mac = menuTemplate({ platform: 'darwin', packaged: true });
    expect(mac[0]?.role).toBe('appMenu');
    expect(items(mac[0]?.submenu ?? []).find((i) => i.command === 'settings.open')?.accelerator).toBe('CmdOrCtrl+,');
    const linux = menuTemplate({ platform: 'linux', packaged: true });
    const file = linux.find((m) => m.label === 'File');
    expect(items(file?.submenu ?? []).find((i) => i.command === 'settings.open')?.accelerator).toBe('CmdOrCtrl+,');
    expect(linux.some((m) => m.role === 'appMenu')).toBe(false);
  });

  it('has Reload and the developer tools only when not packaged', () => {
    const roles = (packaged: boolean) => items(menuTemplate({ platform: 'linux', packaged })).map((i) => i.role);
    expect(roles(false)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(roles(true)).not.toContain('reload');
    expect(roles(true)).not.toContain('toggleDevTools');
  });

  it('turns each command into a click that sends it, and leaves role items alone', () => {
    const sent: AppCommand[] = [];
    const built = withClicks(menuTemplate({ platform: 'linux', packaged: true }), (c) => sent.push(c));
    const file = built.find((m) => m.label === 'File');
    const submenu = file?.submenu as { label?: string; click?: () => void; role?: string }[];
    submenu.find((i) => i.label === 'New Message')?.click?.();
    expect(sent).toEqual(['compose.new']);
    expect(submenu.find((i) => i.role === 'quit')?.click).toBeUndefined();
  });
});
