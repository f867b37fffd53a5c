import { describe, expect, it } from 'vitest';
import { foldersWithRoles, type ListedFolder } from '../../main/imap/folder-list';
import { FOLDER_NAMES, normalizeFolderName, roleForFolderName } from '../../main/imap/folder-names';

// Which folder is Sent, Trash, Junk, Drafts, Archive: from the server's
// SPECIAL-USE attributes first, else from the folder's name. The entries are
// shaped as imapflow lists them (path split at the delimiter into parentPath
// and name; specialUse with its source).

function entry(path: string, delimiter = '/', flags: string[] = [], more: Partial<ListedFolder> = {}): ListedFolder {
  const at = delimiter ? path.lastIndexOf(delimiter) : -1;
  return {
    path,
    name: at === -1 ? path : path.slice(at + 1),
    delimiter,
    parentPath: at === -1 ? '' : path.slice(0, at),
    flags: new Set(['\\HasNoChildren', ...flags]),
    subscribed: true,
    ...more,
  };
}

const roles = (entries: ListedFolder[]) =>
  Object.fromEntries(
    foldersWithRoles(entries)
      .filter((f) => f.role)
      .map((f) => [f.role, f.path]),
  );

describe('folder roles by name where the server marks none', () => {
  it('Outlook.com: Sent Items, Deleted Items, Junk Email and Archive, in English', () => {
    const listed = ['INBOX', 'Archive', 'Deleted Items', 'Drafts', 'Junk Email', 'Outbox', 'Sent Items', 'Notes'].map((p) => entry(p));
    expect(roles(listed)).toEqual({
      inbox: 'INBOX',
      archive: 'Archive',
      trash: 'Deleted Items',
      drafts: 'Drafts',
      junk: 'Junk Email',
      sent: 'Sent Items',
    });
  });

  it('Microsoft 365 in German and French, older Exchange "Junk E-mail", Yahoo "Bulk" and "Draft", iCloud "Sent Messages"', () => {
    expect(roles(['Gesendete Elemente', 'Gelöschte Elemente', 'Junk-E-Mail', 'Entwürfe', 'Archiv'].map((p) => entry(p)))).toEqual({
      sent: 'Gesendete Elemente',
      trash: 'Gelöschte Elemente',
      junk: 'Junk-E-Mail',
      drafts: 'Entwürfe',
      archive: 'Archiv',
    });
    expect(
      roles(['Éléments envoyés', 'Éléments supprimés', 'Courrier indésirable', 'Brouillons', 'Archives'].map((p) => entry(p))),
    ).toEqual({
      sent: 'Éléments envoyés',
      trash: 'Éléments supprimés',
      junk: 'Courrier indésirable',
      drafts: 'Brouillons',
      archive: 'Archives',
    });
    expect(roles(['Junk E-mail', 'Sent Items'].map((p) => entry(p)))).toEqual({ junk: 'Junk E-mail', sent: 'Sent Items' });
    expect(roles(['Bulk', 'Draft', 'Sent', 'Trash', 'Archive'].map((p) => entry(p)))).toEqual({
      junk: 'Bulk',
      drafts: 'Draft',
      sent: 'Sent',
      trash: 'Trash',
      archive: 'Archive',
    });
    expect(roles(['Bulk Mail'].map((p) => entry(p)))).toEqual({ junk: 'Bulk Mail' });
    expect(roles(['Sent Messages', 'Deleted Messages', 'Junk'].map((p) => entry(p)))).toEqual({
      sent: 'Sent Messages',
      trash: 'Deleted Messages',
      junk: 'Junk',
    });
  });

  it('Spanish, Italian, Dutch and Portuguese names', () => {
    expect(
      roles(['Elementos enviados', 'Elementos eliminados', 'Correo no deseado', 'Borradores', 'Archivo'].map((p) => entry(p))),
    ).toEqual({
      sent: 'Elementos enviados',
      trash: 'Elementos eliminados',
      junk: 'Correo no deseado',
      drafts: 'Borradores',
      archive: 'Archivo',
    });
    expect(roles(['Posta inviata', 'Posta eliminata', 'Posta indesiderata', 'Bozze', 'Archivio'].map((p) => entry(p)))).toEqual({
      sent: 'Posta inviata',
      trash: 'Posta eliminata',
      junk: 'Posta indesiderata',
      drafts: 'Bozze',
      archive: 'Archivio',
    });
    expect(roles(['Verzonden items', 'Verwijderde items', 'Ongewenste e-mail', 'Concepten', 'Archief'].map((p) => entry(p)))).toEqual({
      sent: 'Verzonden items',
      trash: 'Verwijderde items',
      junk: 'Ongewenste e-mail',
      drafts: 'Concepten',
      archive: 'Archief',
    });
    expect(roles(['Itens enviados', 'Itens excluídos', 'Lixo eletrônico', 'Rascunhos', 'Arquivo'].map((p) => entry(p)))).toEqual({
      sent: 'Itens enviados',
      trash: 'Itens excluídos',
      junk: 'Lixo eletrônico',
      drafts: 'Rascunhos',
      archive: 'Arquivo',
    });
  });

  it('matches whatever the case, spacing or Unicode form (a decomposed "é" from a Mac)', () => {
    const decomposed = 'Éléments supprimés'.normalize('NFD');
    expect(decomposed).not.toBe('Éléments supprimés');
    expect(roles([entry(decomposed), entry('SENT  ITEMS'), entry(' junk email ')])).toEqual({
      trash: decomposed,
      sent: 'SENT  ITEMS',
      junk: ' junk email ',
    });
  });
});

describe('what the server says wins over a name', () => {
  it('a SPECIAL-USE attribute takes the role, even from a server that does not advertise the extension', () => {
    // Exchange marks Sent Items \Sent without SPECIAL-USE in its CAPABILITY; a folder named "Sent" is then a plain one.
    const listed = [entry('Sent'), entry('Sent Items', '/', ['\\Sent']), entry('Trash'), entry('Deleted Items', '/', ['\\Trash'])];
    expect(roles(listed)).toEqual({ sent: 'Sent Items', trash: 'Deleted Items' });
  });

  it('attributes are compared without regard to case', () => {
    expect(roles([entry('Papers', '/', ['\\sent'])])).toEqual({ sent: 'Papers' });
  });

  it("imapflow's reading of SPECIAL-USE (source extension) counts as the server's", () => {
    const listed = [entry('Outbound', '/', [], { specialUse: '\\Sent', specialUseSource: 'extension' }), entry('Sent')];
    expect(roles(listed)).toEqual({ sent: 'Outbound' });
  });

  it('a folder the server gave one role does not take another by its name', () => {
    // "Junk" marked \Archive (odd, but the server's word): Junk role stays free for a named folder below it.
    const listed = [entry('Junk', '/', ['\\Archive']), entry('Spam')];
    expect(roles(listed)).toEqual({ archive: 'Junk', junk: 'Spam' });
  });

  it("our table before imapflow's own name guess; imapflow's guess still fills a role the table does not know", () => {
    const listed = [
      entry('Papelera', '/', [], { specialUse: '\\Trash', specialUseSource: 'name' }),
      entry('Deleted Items'),
      entry('Elementy wysłane', '/', [], { specialUse: '\\Sent', specialUseSource: 'name' }),
    ];
    expect(roles(listed)).toEqual({ trash: 'Papelera', sent: 'Elementy wysłane' });
    // imapflow guessed trash for a folder our table does not know, but the table knows another: the table wins.
    const guessed = [entry('Kosz', '/', [], { specialUse: '\\Trash', specialUseSource: 'name' }), entry('Deleted Items')];
    expect(roles(guessed)).toEqual({ trash: 'Deleted Items' });
  });
});

describe('one folder per role, and where a name counts', () => {
  it('the first listed wins; a second "Sent" stays a plain folder', () => {
    const folders = foldersWithRoles([entry('Sent Items'), entry('Sent'), entry('Gesendet')]);
    expect(folders.map((f) => f.role)).toEqual(['sent', null, null]);
  });

  it('children of INBOX count (INBOX.Sent with "." as the delimiter, INBOX/Drafts with "/")', () => {
    const dotted = ['INBOX', 'INBOX.Sent', 'INBOX.Trash', 'INBOX.Junk', 'INBOX.Drafts', 'INBOX.Projects'].map((p) => entry(p, '.'));
    expect(roles(dotted)).toEqual({
      inbox: 'INBOX',
      sent: 'INBOX.Sent',
      trash: 'INBOX.Trash',
      junk: 'INBOX.Junk',
      drafts: 'INBOX.Drafts',
    });
    expect(roles([entry('INBOX'), entry('INBOX/Drafts'), entry('Inbox/Sent')])).toEqual({
      inbox: 'INBOX',
      drafts: 'INBOX/Drafts',
      sent: 'Inbox/Sent',
    });
  });

  it('a top-level folder wins over a child of INBOX of the same role, whatever the order', () => {
    expect(roles([entry('INBOX'), entry('INBOX/Sent'), entry('Sent Items')])).toEqual({ inbox: 'INBOX', sent: 'Sent Items' });
  });

  it('the name is the last segment at the server\'s delimiter, not the path: "INBOX.Sent" under "/" is a folder of that name', () => {
    expect(roles([entry('INBOX.Sent', '/')])).toEqual({});
    // No delimiter at all (a flat server): the whole path is the name.
    expect(roles([entry('INBOX.Trash', '')])).toEqual({});
    expect(roles([entry('Trash', '')])).toEqual({ trash: 'Trash' });
  });

  it('deeper folders take no role by name ("Work/Sent", "INBOX/Old/Trash")', () => {
    expect(roles([entry('Work'), entry('Work/Sent'), entry('INBOX/Old'), entry('INBOX/Old/Trash')])).toEqual({});
    expect(roles([entry('Work/Sent', '/', [], { specialUse: '\\Sent', specialUseSource: 'name' })])).toEqual({});
    // …but the server may mark any folder.
    expect(roles([entry('Work/Sent', '/', ['\\Sent'])])).toEqual({ sent: 'Work/Sent' });
  });

  it('a folder that cannot hold mail takes no role by name', () => {
    expect(roles([entry('Trash', '/', ['\\Noselect']), entry('Deleted Items')])).toEqual({ trash: 'Deleted Items' });
  });

  it('at Gmail only its own marks count: a label called "Archive" or "Spam" is the user\'s label', () => {
    const gmail = [
      entry('INBOX'),
      entry('Archive'),
      entry('Spam'),
      entry('[Gmail]'),
      entry('[Gmail]/All Mail', '/', ['\\All']),
      entry('[Gmail]/Spam', '/', ['\\Junk']),
      entry('[Gmail]/Sent Mail', '/', ['\\Sent']),
    ];
    expect(
      Object.fromEntries(
        foldersWithRoles(gmail, { byName: false })
          .filter((f) => f.role)
          .map((f) => [f.role, f.path]),
      ),
    ).toEqual({
      inbox: 'INBOX',
      all: '[Gmail]/All Mail',
      junk: '[Gmail]/Spam',
      sent: '[Gmail]/Sent Mail',
    });
    expect(roles(gmail)).toMatchObject({ archive: 'Archive' }); // elsewhere a name would have filled it
  });

  it('INBOX is the Inbox by its path, whatever the case, and no other folder is', () => {
    const folders = foldersWithRoles([entry('Inbox'), entry('Mail', '/', ['\\Inbox'])]);
    expect(folders.map((f) => [f.name, f.role])).toEqual([
      ['Inbox', 'inbox'],
      ['Mail', null],
    ]);
  });
});

describe('the name table', () => {
  it('has English, German, French, Spanish, Italian, Dutch and Portuguese for every role', () => {
    for (const languages of Object.values(FOLDER_NAMES)) {
      expect(Object.keys(languages).sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'nl', 'pt']);
    }
  });

  it('puts no name under two roles, and each entry is written in normal form', () => {
    const seen = new Map<string, string>();
    for (const [role, languages] of Object.entries(FOLDER_NAMES)) {
      for (const name of Object.values(languages).flat()) {
        expect(name, name).toBe(name.normalize('NFC').trim());
        const key = normalizeFolderName(name);
        expect(seen.get(key) ?? role, name).toBe(role);
        seen.set(key, role);
        expect(roleForFolderName(name)).toBe(role);
      }
    }
  });

  it('knows the names the issue lists', () => {
    const expected: Record<string, string> = {
      'Deleted Items': 'trash',
      'Gelöschte Elemente': 'trash',
      'Éléments supprimés': 'trash',
      'Junk Email': 'junk',
      'Junk E-mail': 'junk',
      Bulk: 'junk',
      'Bulk Mail': 'junk',
      Junk: 'junk',
      Spam: 'junk',
      'Junk-E-Mail': 'junk',
      'Courrier indésirable': 'junk',
      'Sent Items': 'sent',
      'Sent Messages': 'sent',
      Sent: 'sent',
      'Gesendete Elemente': 'sent',
      'Éléments envoyés': 'sent',
      Archive: 'archive',
      Archiv: 'archive',
      Archives: 'archive',
      Drafts: 'drafts',
      Entwürfe: 'drafts',
      Brouillons: 'drafts',
    };
    for (const [name, role] of Object.entries(expected)) expect(roleForFolderName(name), name).toBe(role);
    expect(roleForFolderName('Outbox')).toBeNull();
    expect(roleForFolderName('Sent to clients')).toBeNull();
  });
});
