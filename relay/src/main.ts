#!/usr/bin/env node
// The only file that reads argv and env and starts listening.
import { HELP, parseConfig } from './config.js';
import { startPlayground } from './playground.js';

const parsed = parseConfig(process.argv.slice(2), process.env);
if (!parsed.ok) {
  console.error(`smtp-playground: ${parsed.error}`);
  process.exit(2);
}
if (parsed.help) {
  console.log(HELP);
  process.exit(0);
}
const { config } = parsed;
try {
  const p = await startPlayground(config);
  console.log(`SMTP sandbox  smtp://${config.host}:${p.smtpPort}  (${config.personality}-like; try: telnet ${config.host} ${p.smtpPort})`);
  console.log(`Playground    http://${config.host}:${p.httpPort}/`);
  console.log(`Mailbox API   http://${config.host}:${p.httpPort}/api/messages`);
  const stop = async () => {
    await p.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  console.error(
    `smtp-playground: could not listen: ${err.code === 'EADDRINUSE' ? `address ${err.message.split(' ').pop()} is in use; pick another port with --smtp-port or --http-port` : err.message}`,
  );
  process.exit(1);
}
