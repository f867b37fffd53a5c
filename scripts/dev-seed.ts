// `npm run dev:seed -- --messages 100000 --data-dir DIR [--force] [--gmail]`: a Tidings
// data dir full of mail from the test corpus, stored by the core's own code
// (scripts/seed/seed-data-dir.ts), to look at with
// `npm run web -- --data-dir DIR` without any mail server. --gmail makes the
// first account a Gmail-like one (labels as folders, "[Gmail]/All Mail").
// --headers-only stores header rows only (no bodies, as outside a sync's
// "last N days"): fast enough for a million messages.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { seedDataDir } from './seed/seed-data-dir.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '2000' },
    'data-dir': { type: 'string' },
    force: { type: 'boolean', default: false },
    gmail: { type: 'boolean', default: false },
    'headers-only': { type: 'boolean', default: false },
  },
  strict: true,
});
if (!values['data-dir']) {
  console.error('Usage: npm run dev:seed -- --data-dir DIR [--messages N] [--force] [--gmail] [--headers-only]');
  process.exit(2);
}
const dataDir = resolve(values['data-dir']);
const messages = Number(values.messages);

let lastReport = 0;
try {
  const result = await seedDataDir(dataDir, {
    messages,
    force: values.force,
    gmail: values.gmail,
    headersOnly: values['headers-only'],
    onProgress: (stored, total) => {
      if (stored - lastReport >= (values['headers-only'] ? 100_000 : 10_000) || stored === total) {
        lastReport = stored;
        console.log(`  ${stored.toLocaleString('en')} of ${total.toLocaleString('en')} messages stored`);
      }
    },
  });
  for (const account of result.accounts) {
    console.log(`${account.name} <${account.email}>`);
    for (const folder of result.folders.filter((f) => f.accountId === account.id))
      console.log(
        `  ${folder.path.padEnd(26)} ${String(folder.total).padStart(7)} messages, ${folder.unread} unread, ${folder.starred} starred`,
      );
  }
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `Seeded ${result.messages.toLocaleString('en')} messages into ${dataDir} in ${(result.ms / 1000).toFixed(1)} s (peak RSS ${peakMb.toFixed(0)} MB).`,
  );
  console.log(`Look at it: npm run web -- --data-dir ${dataDir}`);
} catch (error) {
  console.error(`dev:seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
