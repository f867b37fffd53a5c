#!/usr/bin/env node
// The layers of main/ and renderer/src, and the lint rules that hold them.
//
// Each folder may import only folders in layers below its own (and shared/);
// folders in one layer do not import each other. This table is the one place
// the layering is written down: `node scripts/layers.mjs --write` turns it
// into per-folder `noRestrictedImports` overrides in biome.json, and
// `npm run lint` runs `--check`, which fails when biome.json does not say
// what the table says. Biome then refuses an upward import, type imports
// included. ARCHITECTURE.md explains the layers in words.
//
//   node scripts/layers.mjs --write   regenerate biome.json's layer overrides
//   node scripts/layers.mjs --check   exit 1 when biome.json is out of date
//   node scripts/layers.mjs           print the table

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** main/, bottom first. */
export const MAIN_LAYERS = [
  ['base'], // what every service shares: typed events, backoff, wakeup, ids, file names, the logger
  ['store', 'mime'], // the SQLite store and its repositories; parsing MIME
  ['net', 'auth'], // TLS and connection failures; credentials, keychain, OAuth2
  ['imap', 'pop3', 'smtp'], // the protocols
  ['sync'], // the sync loops of accounts and the body-store worker
  ['accounts', 'mailbox', 'compose', 'import'], // the services: accounts, reading and filing mail, writing mail, importing and exporting mail
  ['outbox'], // sending: the outbox's state machine, Sent copies, unknown fates
  ['api'], // the API's handlers over the services
  ['core'], // the composition root
  ['app', 'web'], // the two hosts: Electron, and `npm run web`
];

/** renderer/src, bottom first (App.tsx and main.tsx sit above them all). */
export const RENDERER_LAYERS = [
  ['api', 'styles'], // the transport to the core; CSS
  ['common'], // pure helpers: formatting, coalescing, keys, the message-drag payload
  ['queries'], // server state on TanStack Query: keys, event invalidation, one hook per thing read
  ['components'], // shared UI: icons, menus, dialogs, toasts, banners
  ['add-account', 'compose', 'list', 'reader', 'sidebar', 'transfer'], // the features, one each
  ['setup-wizard', 'mail', 'settings'], // the pages: first run (its manual step is add-account's form), one folder's mail, settings
];

/** npm packages only one folder may import: the rest go through it. */
const PACKAGE_OWNERS = {
  'renderer/src': { '@tanstack/react-query': 'queries (server state lives there)' },
};

// Biome's per-folder options replace the root's, so each override repeats what
// holds for the whole tree (read from biome.json's own rules, not written twice).
const MAIN_BASE_RULE = (config) => config.linter.rules.style.noRestrictedImports.options;
const RENDERER_BASE_RULE = (config) =>
  config.overrides.find((o) => o.includes?.length === 1 && o.includes[0] === 'renderer/**').linter.rules.style.noRestrictedImports.options;
const DEPTHS = [1, 2, 3];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const biomeFile = join(root, 'biome.json');

function folderOverrides(base, layers, baseRule, exempt = []) {
  const overrides = [];
  for (const [level, layer] of layers.entries()) {
    const forbidden = layers.slice(level).flat();
    for (const folder of layer) {
      const upward = forbidden.filter((f) => f !== folder);
      const group = upward.flatMap((f) => DEPTHS.flatMap((d) => [`${'../'.repeat(d)}${f}`, `${'../'.repeat(d)}${f}/**`]));
      const above = layers.slice(level + 1).flat();
      const siblings = layer.filter((f) => f !== folder);
      const message =
        `${base}/${folder} (layer ${level}) imports only lower layers (see scripts/layers.mjs)` +
        (siblings.length ? `; not its siblings ${siblings.join(', ')}` : '') +
        (above.length ? `; not ${above.join(', ')}` : '') +
        '.';
      const own = exempt.includes(folder) ? {} : baseRule;
      const patterns = [...(own.patterns ?? []), ...(group.length ? [{ group, message }] : [])];
      const owned = Object.entries(PACKAGE_OWNERS[base] ?? {}).filter(([, owner]) => !owner.startsWith(`${folder} `));
      const paths = { ...own.paths, ...Object.fromEntries(owned.map(([pkg, owner]) => [pkg, `Only ${base}/${owner} imports ${pkg}.`])) };
      const options = { ...(Object.keys(paths).length ? { paths } : {}), ...(patterns.length ? { patterns } : {}) };
      overrides.push({
        includes: [`${base}/${folder}/**`],
        linter: {
          rules: {
            style: Object.keys(options).length ? { noRestrictedImports: { level: 'error', options } } : { noRestrictedImports: 'off' },
          },
        },
      });
    }
  }
  return overrides;
}

/** Folder names used as subfolders too would make a relative pattern ambiguous: refuse the table then. */
function checkNoAmbiguousNames(base, layers) {
  const names = new Set(layers.flat());
  const clashes = [];
  const walk = (dir, depth) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (!statSync(path).isDirectory()) continue;
      if (depth > 0 && names.has(entry)) clashes.push(path);
      walk(path, depth + 1);
    }
  };
  for (const folder of names) walk(join(root, base, folder), 1);
  const missing = [...names].filter((f) => !safeIsDir(join(root, base, f)));
  const unlisted = readdirSync(join(root, base)).filter((f) => safeIsDir(join(root, base, f)) && !names.has(f));
  if (clashes.length || missing.length || unlisted.length) {
    throw new Error(
      `${base}: ` +
        [
          clashes.length && `subfolders named like a layer folder: ${clashes.join(', ')}`,
          missing.length && `listed but missing: ${missing.join(', ')}`,
          unlisted.length && `folders not in the layer table: ${unlisted.join(', ')}`,
        ]
          .filter(Boolean)
          .join('; '),
    );
  }
}

function safeIsDir(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // not there: reported as missing by the caller
  }
}

function generated(config) {
  checkNoAmbiguousNames('main', MAIN_LAYERS);
  if (RENDERER_LAYERS.length) checkNoAmbiguousNames('renderer/src', RENDERER_LAYERS);
  return [
    // main/app is where Electron lives: it alone may import electron.
    ...folderOverrides('main', MAIN_LAYERS, MAIN_BASE_RULE(config), ['app']),
    ...folderOverrides('renderer/src', RENDERER_LAYERS, RENDERER_BASE_RULE(config)),
  ];
}

/** Generated overrides are marked by their includes: everything under main/<folder>/ or renderer/src/<folder>/. */
function isGenerated(override) {
  return override.includes?.length === 1 && /^(main|renderer\/src)\/[^/*]+\/\*\*$/.test(override.includes[0]);
}

function withLayers(config) {
  const kept = (config.overrides ?? []).filter((o) => !isGenerated(o));
  return { ...config, overrides: [...kept, ...generated(config)] };
}

const mode = process.argv[2];
const config = JSON.parse(readFileSync(biomeFile, 'utf8'));
if (mode === '--write') {
  writeFileSync(biomeFile, `${JSON.stringify(withLayers(config), null, 2)}\n`);
  execFileSync(join(root, 'node_modules/.bin/biome'), ['format', '--write', biomeFile], { stdio: 'ignore' });
  console.log('biome.json: layer overrides written');
} else if (mode === '--check') {
  if (JSON.stringify(withLayers(config)) !== JSON.stringify(config)) {
    console.error('biome.json does not hold the layers of scripts/layers.mjs: run `node scripts/layers.mjs --write`.');
    process.exit(1);
  }
} else {
  for (const [name, layers] of [
    ['main', MAIN_LAYERS],
    ['renderer/src', RENDERER_LAYERS],
  ]) {
    console.log(`${name}, top first:`);
    for (const [level, layer] of [...layers.entries()].reverse()) console.log(`  ${level}  ${layer.join(', ')}`);
  }
}
