// A seeded data dir for the list benches, made once and kept in /tmp (later
// runs reuse it; delete it, or its seeded.json, to seed again). Whole
// messages by default, as bench:list-scroll always had; `headersOnly` for a
// million (scripts/seed: header rows without bodies, as outside a sync's
// "last N days").
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDataDir } from '../scripts/seed/seed-data-dir.ts';

export async function seededDir(messages: number, headersOnly: boolean): Promise<string> {
  const dataDir = join(tmpdir(), `tidings-list-scroll-${messages}${headersOnly ? '-headers' : ''}`);
  const doneFile = join(dataDir, 'seeded.json');
  if (existsSync(doneFile)) {
    console.log(`Data dir: ${dataDir} (seeded before: ${readFileSync(doneFile, 'utf8').trim()})`);
    return dataDir;
  }
  rmSync(dataDir, { recursive: true, force: true });
  const what = headersOnly ? 'header rows' : 'messages';
  console.log(`Seeding ${messages.toLocaleString('en')} ${what} into ${dataDir} (once; later runs reuse it)…`);
  const result = await seedDataDir(dataDir, { messages, headersOnly });
  const note = `${messages} ${what} in ${(result.ms / 1000).toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
  writeFileSync(doneFile, `${JSON.stringify(note)}\n`);
  console.log(`  ${note}`);
  return dataDir;
}
