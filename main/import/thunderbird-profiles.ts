import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { ThunderbirdProfile } from '../../shared/transfer';

// Where Thunderbird keeps its profiles on each OS, and which one it starts
// with. profiles.ini lists them ([ProfileN]: Name, Path, IsRelative,
// Default=1); since Thunderbird 68 an [Install…] section's Default names the
// profile that installation really uses, and wins over Default=1.

/** The folders that hold profiles.ini, per OS (Linux: also the Flatpak and Snap packages). */
export function profileRoots(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
): string[] {
  if (platform === 'win32') return [join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Thunderbird')];
  if (platform === 'darwin') return [join(home, 'Library', 'Thunderbird')];
  return [
    join(home, '.thunderbird'),
    join(home, '.var', 'app', 'org.mozilla.Thunderbird', '.thunderbird'),
    join(home, 'snap', 'thunderbird', 'common', '.thunderbird'),
  ];
}

/** The profiles listed in one profiles.ini (its text), the default first. */
export function parseProfilesIni(text: string, root: string): ThunderbirdProfile[] {
  const sections: { name: string; values: Record<string, string> }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[(.+)\]\s*$/.exec(line);
    if (header) sections.push({ name: header[1] as string, values: {} });
    else {
      const pair = /^\s*([^=;#]+?)\s*=\s*(.*?)\s*$/.exec(line);
      const section = sections.at(-1);
      if (pair && section) section.values[pair[1] as string] = pair[2] as string;
    }
  }
  const installDefault = sections.find((s) => s.name.startsWith('Install') && s.values.Default)?.values.Default;
  const profiles = sections
    .filter((s) => /^Profile\d+$/.test(s.name) && s.values.Path)
    .map((s) => {
      const relative = s.values.IsRelative !== '0' && !isAbsolute(s.values.Path as string);
      const path = relative ? join(root, ...(s.values.Path as string).split('/')) : (s.values.Path as string);
      const isDefault = installDefault ? s.values.Path === installDefault : s.values.Default === '1';
      return { name: s.values.Name ?? (s.values.Path as string), path, isDefault };
    });
  return profiles.sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
}

/** Every profile found on this computer, each root's default first. */
export async function findThunderbirdProfiles(roots: readonly string[] = profileRoots()): Promise<ThunderbirdProfile[]> {
  const found: ThunderbirdProfile[] = [];
  for (const root of roots) {
    const text = await readFile(join(root, 'profiles.ini'), 'utf8').catch(() => undefined);
    if (text !== undefined) found.push(...parseProfilesIni(text, root));
  }
  return found;
}
