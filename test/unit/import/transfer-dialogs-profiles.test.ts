import { describe, expect, it } from 'vitest';
import { chosenPath, dialogFor } from '../../../main/app/transfer-dialogs';
import { readEmlx } from '../../../main/import/part-reader';
import { parseProfilesIni, profileRoots } from '../../../main/import/thunderbird-profiles';
import { emlx, testMessage } from '../../helpers/import-fixtures';

describe('Thunderbird profiles', () => {
  it('per OS, and the [Install] default wins over Default=1', () => {
    expect(profileRoots('darwin', {}, '/Users/ann')).toEqual(['/Users/ann/Library/Thunderbird']);
    expect(profileRoots('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')[0]).toMatch(/Roaming.Thunderbird$/);
    expect(profileRoots('linux', {}, '/home/ann')).toContain('/home/ann/.thunderbird');
    const ini = [
      '[Install4F96D1932A9F858E]',
      'Default=Profiles/new.default-release',
      '[Profile1]',
      'Name=default',
      'IsRelative=1',
      'Path=Profiles/old.default',
      'Default=1',
      '[Profile0]',
      'Name=default-release',
      'IsRelative=1',
      'Path=Profiles/new.default-release',
      '[Profile2]',
      'Name=elsewhere',
      'IsRelative=0',
      'Path=/mnt/mail/tb',
    ].join('\r\n');
    const profiles = parseProfilesIni(ini, '/home/ann/.thunderbird');
    expect(profiles[0]).toEqual({ name: 'default-release', path: '/home/ann/.thunderbird/Profiles/new.default-release', isDefault: true });
    expect(profiles.filter((p) => p.isDefault)).toHaveLength(1);
    expect(profiles.find((p) => p.name === 'elsewhere')?.path).toBe('/mnt/mail/tb');
  });
});

describe('.emlx', () => {
  it('takes exactly the byte count, and the flags from the plist; a short file is refused', () => {
    const message = testMessage(1, 'Body\n');
    const file = emlx(message, 17);
    expect(readEmlx(file)).toEqual({ raw: Buffer.from(message), flags: 17 });
    expect(readEmlx(file.subarray(0, 40))).toBeUndefined();
  });
});

describe('native dialogs of import and export', () => {
  it('one dialog per purpose, nothing for anything else', () => {
    expect(dialogFor('open-folder', undefined)).toMatchObject({
      kind: 'open',
      options: { properties: ['openDirectory', 'showHiddenFiles'] },
    });
    expect(dialogFor('save-mbox', 'Inbox.mbox')).toMatchObject({ kind: 'save', options: { defaultPath: 'Inbox.mbox' } });
    expect(dialogFor('save-mbox', '../../etc/passwd')).toMatchObject({ options: { defaultPath: 'mail.mbox' } });
    expect(dialogFor('read-anything', undefined)).toBeNull();
    expect(chosenPath({ canceled: true, filePaths: ['/x'] })).toBeNull();
    expect(chosenPath({ canceled: false, filePaths: ['/home/ann/mail'] })).toBe('/home/ann/mail');
    expect(chosenPath({ canceled: false, filePath: '/home/ann/out.mbox' })).toBe('/home/ann/out.mbox');
  });
});
