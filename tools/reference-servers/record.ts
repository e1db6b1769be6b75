/**
 * `npm run parity:record`: plays the parity corpus against the reference servers
 * (tools/reference-servers/start) and writes the goldens in shared/src/parity/goldens.
 *
 *   npm run parity:record                      # both servers, every dialogue
 *   npm run parity:record -- exim --only ehlo,vrfy
 *   npm run parity:record -- --check           # compare instead of write; exit 1 on drift
 *
 * A server that does not answer with its expected greeting is an error, so a golden
 * is never recorded from the sandbox or from some other MTA by mistake.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DIALOGUES, type DialogueRecording, type ParityGolden } from '@smtp-playground/shared';
import { GOLDENS_DIR, goldenPath, HOST, REFERENCE_SERVERS, START_SCRIPT } from './paths.js';
import { greeting, recordAll } from './recorder.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : null;
const named = args.filter((a) => a === 'exim' || a === 'postfix');
const servers = REFERENCE_SERVERS.filter((s) => named.length === 0 || named.includes(s.name));
const dialogues = DIALOGUES.filter((d) => !only || only.has(d.id));
if (only && dialogues.length !== only.size) {
  console.error(`unknown dialogue in --only: ${[...only].filter((id) => !DIALOGUES.some((d) => d.id === id)).join(', ')}`);
  process.exit(2);
}

let drift = 0;
for (const server of servers) {
  const banner = await greeting(HOST, server.port);
  if (!banner || !server.banner.test(banner)) {
    console.error(
      `${server.name}: ${HOST}:${server.port} ${banner ? `greets with "${banner}"` : 'does not answer'}; start the reference servers with: sudo ${START_SCRIPT}`,
    );
    process.exit(1);
  }
  const started = Date.now();
  const recorded = await recordAll(dialogues, { host: HOST, port: server.port, maildir: server.maildir });
  const path = goldenPath(server.name);
  const old: ParityGolden | null = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (check) {
    for (const d of dialogues) {
      const want = old?.dialogues[d.id];
      if (JSON.stringify(want) !== JSON.stringify(recorded[d.id])) {
        drift++;
        console.log(`${server.name}: ${d.id} differs from its golden`);
      }
    }
    console.log(`${server.name}: ${dialogues.length} dialogues checked in ${seconds} s`);
    continue;
  }
  const merged: Record<string, DialogueRecording> = {};
  for (const d of DIALOGUES) {
    const r = recorded[d.id] ?? old?.dialogues[d.id];
    if (r) merged[d.id] = r;
  }
  const golden: ParityGolden = { server: server.name, recordedFrom: banner.replace(/ \S+, .*$/, '').replace(/^220 /, ''), dialogues: merged };
  mkdirSync(GOLDENS_DIR, { recursive: true });
  writeFileSync(path, `${JSON.stringify(golden, null, 2)}\n`);
  console.log(`${server.name}: ${dialogues.length} dialogues recorded in ${seconds} s into ${path}`);
}
if (drift > 0) process.exit(1);
