import type { ContactSuggestion } from '../../shared/compose';
import { type Database, sql } from './database';

// Address suggestions, read from the mail itself: everyone the user received
// mail from, and everyone the user wrote to (To/Cc of messages in Sent
// folders). Ranked by how often and how recently: the count, discounted by
// age with a half-life of about a month, so that a frequent old contact and a
// new one both come up.

const HALF_LIFE_MS = 30 * 86_400_000;

export class ContactsRepo {
  constructor(private readonly db: Database) {}

  suggest(query: string, limit: number, exclude: ReadonlySet<string>): ContactSuggestion[] {
    const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = sql(
      this.db,
      `WITH people(name, address, date) AS (
         SELECT from_name, lower(from_address), date FROM messages WHERE from_address IS NOT NULL AND from_address != ''
         UNION ALL
         SELECT json_extract(j.value, '$.name'), lower(json_extract(j.value, '$.address')), m.date
           FROM messages m JOIN folders f ON f.id = m.folder_id AND f.role = 'sent', json_each(m.to_json) j
         UNION ALL
         SELECT json_extract(j.value, '$.name'), lower(json_extract(j.value, '$.address')), m.date
           FROM messages m JOIN folders f ON f.id = m.folder_id AND f.role = 'sent', json_each(m.cc_json) j
       )
       -- SQLite takes the bare column "name" from the row that has MAX(date): the latest name used.
       SELECT address, name, COUNT(*) AS count, MAX(date) AS last
         FROM people
        WHERE address LIKE ?1 ESCAPE '\\' OR lower(IFNULL(name, '')) LIKE ?1 ESCAPE '\\'
        GROUP BY address
        ORDER BY COUNT(*) * 1.0 / (1 + (?2 - MAX(date)) * 1.0 / ?3) DESC, MAX(date) DESC
        LIMIT ?4`,
    ).all(pattern, Date.now(), HALF_LIFE_MS, limit + exclude.size) as {
      address: string;
      name: string | null;
      count: number;
      last: number;
    }[];
    return rows
      .filter((row) => row.address && !exclude.has(row.address))
      .slice(0, limit)
      .map((row) => ({ name: row.name ?? '', address: row.address, count: row.count, lastUsed: new Date(row.last).toISOString() }));
  }
}
