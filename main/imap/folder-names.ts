import type { FolderRole } from '../../shared/mail';

// The names providers give their special folders, per role and language: how
// folder-list.ts finds Sent, Trash, Junk, Drafts and Archive on a server that
// does not mark them (no SPECIAL-USE, RFC 6154: Outlook.com leaves Archive
// unmarked, Yahoo and AOL mark none on some accounts). This is data only,
// kept here rather than in accounts/discovery/presets/ (which points here,
// see its README) because it is not a fact of one provider: the same words
// are used by Microsoft's and Apple's servers, by GMX, WEB.DE, Yahoo and AOL,
// and by any server without a preset (a company's Exchange in German), and
// the IMAP layer reads it where it lists the folders; imap/ may not import
// accounts/ (scripts/layers.mjs).
//
// A name matches when it equals an entry after trimming, collapsing spaces,
// Unicode NFC and lower-casing (see `normalizeFolderName`), so each name is
// written once, in the provider's spelling. No name may stand under two
// roles (test/unit/imap-folder-names.test.ts checks).

export type NamedRole = Extract<FolderRole, 'sent' | 'drafts' | 'trash' | 'junk' | 'archive'>;

export type Language = 'en' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'pt';

export const FOLDER_NAMES: Readonly<Record<NamedRole, Readonly<Record<Language, readonly string[]>>>> = {
  sent: {
    // Outlook/Exchange "Sent Items", iCloud "Sent Messages", Yahoo/AOL/GMX "Sent", Gmail-style "Sent Mail".
    en: ['Sent', 'Sent Items', 'Sent Messages', 'Sent Mail'],
    de: ['Gesendet', 'Gesendete Elemente', 'Gesendete Objekte', 'Gesendete Nachrichten'],
    fr: ['Éléments envoyés', 'Envoyés', 'Messages envoyés'],
    es: ['Elementos enviados', 'Enviados', 'Mensajes enviados'],
    it: ['Posta inviata', 'Inviati', 'Elementi inviati', 'Messaggi inviati'],
    nl: ['Verzonden items', 'Verzonden', 'Verzonden berichten'],
    pt: ['Itens enviados', 'Enviados', 'Mensagens enviadas', 'Enviadas'],
  },
  drafts: {
    // Yahoo calls it "Draft".
    en: ['Drafts', 'Draft'],
    de: ['Entwürfe'],
    fr: ['Brouillons'],
    es: ['Borradores'],
    it: ['Bozze'],
    nl: ['Concepten'],
    pt: ['Rascunhos'],
  },
  trash: {
    // Outlook/Exchange "Deleted Items", iCloud "Deleted Messages", GMX/WEB.DE "Papierkorb".
    en: ['Trash', 'Deleted Items', 'Deleted Messages', 'Deleted', 'Bin'],
    de: ['Papierkorb', 'Gelöschte Elemente', 'Gelöschte Objekte', 'Gelöschte Nachrichten', 'Gelöscht'],
    fr: ['Corbeille', 'Éléments supprimés', 'Messages supprimés'],
    es: ['Papelera', 'Elementos eliminados', 'Mensajes eliminados'],
    it: ['Cestino', 'Posta eliminata', 'Elementi eliminati'],
    nl: ['Prullenbak', 'Prullenmand', 'Verwijderde items', 'Verwijderde berichten'],
    // Brazil (Lixeira, Itens excluídos) and Portugal (Lixo, Itens eliminados).
    pt: ['Lixeira', 'Lixo', 'Itens excluídos', 'Itens eliminados', 'Mensagens apagadas'],
  },
  junk: {
    // Outlook.com "Junk Email", older Exchange "Junk E-mail", Yahoo "Bulk" (formerly "Bulk Mail"), iCloud "Junk".
    en: ['Junk', 'Junk Email', 'Junk E-mail', 'Junk Mail', 'Spam', 'Bulk', 'Bulk Mail'],
    // GMX "Spamverdacht".
    de: ['Junk-E-Mail', 'Spamverdacht'],
    fr: ['Courrier indésirable', 'Courriers indésirables', 'Pourriel', 'Indésirables'],
    es: ['Correo no deseado'],
    it: ['Posta indesiderata'],
    nl: ['Ongewenste e-mail', 'Ongewenste e-mails'],
    pt: ['Lixo eletrônico', 'Lixo eletrónico', 'Lixo electrónico'],
  },
  archive: {
    en: ['Archive', 'Archives'],
    de: ['Archiv'],
    fr: [], // "Archives", as in English
    es: ['Archivo'],
    it: ['Archivio'],
    nl: ['Archief'],
    pt: ['Arquivo'],
  },
};

/** The form names are compared in: trimmed, inner spaces collapsed, NFC, lower case. */
export function normalizeFolderName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').normalize('NFC').toLowerCase();
}

let byName: Map<string, NamedRole> | undefined;

/** The role a folder's name (its last segment, not its path) stands for, in any of the languages above; null when none. */
export function roleForFolderName(name: string): NamedRole | null {
  if (!byName) {
    byName = new Map();
    for (const [role, languages] of Object.entries(FOLDER_NAMES) as [NamedRole, Record<Language, readonly string[]>][]) {
      for (const names of Object.values(languages)) for (const entry of names) byName.set(normalizeFolderName(entry), role);
    }
  }
  return byName.get(normalizeFolderName(name)) ?? null;
}
