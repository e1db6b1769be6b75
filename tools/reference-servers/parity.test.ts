/**
 * Re-records the parity corpus against real Exim and real Postfix and holds each
 * recording to its checked-in golden (shared/src/parity/goldens): a change in the
 * servers, the corpus or the recorder shows up here as drift, dialogue by dialogue.
 *
 * Needs the reference servers (`sudo tools/reference-servers/start`; CI starts them).
 * Where a server does not answer with its expected greeting, its tests are skipped
 * and say how to start it. After an intended change, `npm run parity:record` writes
 * the goldens anew; review their diff like code.
 */
import { readFileSync } from 'node:fs';
import { DIALOGUES, type DialogueRecording, type ParityGolden } from '@smtp-playground/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { goldenPath, HOST, REFERENCE_SERVERS, START_SCRIPT } from './paths.js';
import { recordAll } from './recorder.js';
import { referenceStatus } from './status.js';

for (const server of REFERENCE_SERVERS) {
  const { up, where, why } = await referenceStatus(server);
  if (!up) console.warn(`parity: real ${server.name} is not on ${where} (${why}); start it with: sudo ${START_SCRIPT}`);

  describe.skipIf(!up)(
    `real ${server.name} on ${where} against ${server.name}.json${up ? '' : ` (skipped: ${why}; start it with sudo ${START_SCRIPT})`}`,
    () => {
      const golden = JSON.parse(readFileSync(goldenPath(server.name), 'utf8')) as ParityGolden;
      let recorded: Record<string, DialogueRecording> = {};

      beforeAll(async () => {
        recorded = await recordAll(DIALOGUES, { host: HOST, port: server.port, maildir: server.maildir });
      }, 600_000);

      for (const d of DIALOGUES) {
        it(`${d.id}: ${d.about}`, () => {
          expect(recorded[d.id], `drift from the golden; if intended, npm run parity:record -- ${server.name} --only ${d.id}`).toEqual(golden.dialogues[d.id]);
        });
      }
    },
  );
}
