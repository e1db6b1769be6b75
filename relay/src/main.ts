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
const host = config.host.includes(':') ? `[${config.host}]` : config.host; // IPv6 in a URL
try {
  const p = await startPlayground(config);
  const scenario = config.scenario === 'catch-all' ? '' : `, scenario ${config.scenario}`;
  console.log(`SMTP sandbox   smtp://${host}:${p.smtpPort}  (${config.personality}-like${scenario}; try: telnet ${config.host} ${p.smtpPort})`);
  console.log(`Playground     http://${host}:${p.httpPort}/`);
  if (p.smtpsPort !== null) console.log(`Implicit TLS   smtps://${host}:${p.smtpsPort}  (try: openssl s_client -connect ${host}:${p.smtpsPort})`);
  console.log(`POP3 sandbox   pop3://${host}:${p.pop3Port}  (Dovecot-like, STLS; try: telnet ${config.host} ${p.pop3Port}, USER strategos, PASS sandbox)`);
  if (p.pop3sPort !== null) console.log(`POP3 over TLS  pop3s://${host}:${p.pop3sPort}  (try: openssl s_client -connect ${host}:${p.pop3sPort})`);
  console.log(
    `Mailbox API    http://${host}:${p.httpPort}/api/messages  (${config.maildir ? `kept in the Maildir ${config.maildir}` : 'in memory: a restart empties it; --maildir DIR keeps it'})`,
  );
  console.log(
    `Relay          ws://${host}:${p.httpPort}/relay?target=NAME  (targets: ${['sandbox', 'pop3', ...config.targets.map((t) => `${t.name}=${t.host}:${t.port} tls=${t.tls}${t.insecure ? ' insecure' : ''}`)].join(', ')})`,
  );
  console.log(
    `TLS            ${p.certificate.selfSigned ? 'self-signed certificate' : 'certificate'} for STARTTLS and STLS, SHA-256 ${p.certificate.fingerprint}` +
      (config.requireStarttls ? ' (required before MAIL and AUTH)' : ''),
  );
  if (!/^(127\.|::1$|localhost$)/.test(config.host)) {
    console.log(
      `Note: ${config.host} is not loopback, so anyone who can reach this machine can use the sandbox, the relay's targets and the mailbox.\n` +
        `      A page opened by another name (http://NAME:${p.httpPort}/) may use the relay only if started with --origin http://NAME:${p.httpPort}.`,
    );
  }
  const stop = async () => {
    await p.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (e) {
  const err = e as NodeJS.ErrnoException & { address?: string; port?: number };
  const why =
    err.code === 'EADDRINUSE'
      ? `could not listen: ${err.address}:${err.port} is already in use; pick another port with --smtp-port, --pop3-port or --http-port`
      : err.code === 'EADDRNOTAVAIL'
        ? `could not listen: ${err.address} is not an address of this machine; pick another with --host`
        : `could not start: ${err.message}`;
  console.error(`smtp-playground: ${why}`);
  process.exit(1);
}
