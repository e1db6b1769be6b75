/**
 * Starts everything the one process serves, sharing one mailbox: the SMTP sandbox on
 * TCP (and implicit TLS if asked), the POP3 sandbox reading what it stores (likewise),
 * the HTTP server with the page and the API, and the WebSocket relay on that same
 * HTTP server. main.ts calls it with the parsed config;
 * tests call it on port 0.
 *
 * The relay's `sandbox` target dials the TCP sandbox over loopback, so a page session
 * is the very server telnet talks to: the same replies, real STARTTLS with the same
 * certificate, and the watch feed shows it too. Its `pop3` target dials the POP3
 * sandbox the same way.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import { Maildrops, scenarioById } from '@smtp-playground/shared';
import { decodeWords } from 'postal-mime';
import { type Certificate, loadCertificate, makeCertificate } from './certificate.js';
import type { Config } from './config.js';
import { createHttpServer } from './http-server.js';
import { type MailStore, MemoryStore } from './mailbox.js';
import { Maildir } from './maildir.js';
import { startPop3Sandbox } from './pop3-sandbox.js';
import { startTcpSandbox } from './tcp-sandbox.js';
import { WatchHub } from './watch.js';
import { attachRelay, type Relay } from './ws-relay.js';

export interface Playground {
  smtpPort: number;
  httpPort: number;
  /** The implicit-TLS port, when --smtps-port asked for one. */
  smtpsPort: number | null;
  /** The POP3 sandbox (STLS), and its implicit-TLS port when --pop3s-port asked for one. */
  pop3Port: number;
  pop3sPort: number | null;
  /** In memory, or the Maildir that --maildir named. */
  mailbox: MailStore;
  certificate: Certificate;
  watch: WatchHub;
  /** Says 421 to open SMTP sessions and -ERR to POP3 ones, ends relay sessions, drops HTTP connections, stops listening. */
  close(): Promise<void>;
}

export interface PlaygroundHooks {
  /** Where the relay's one line per session goes; console.log by default. */
  log?: (line: string) => void;
}

const WEB_ROOT = new URL('../../web/dist', import.meta.url).pathname;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      server.on('error', (e) => console.error(`http: ${e.message}`));
      resolve();
    });
  });
}

/** How the relay reaches the sandbox: the listening address, or loopback for a wildcard. */
function dialHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

/** host:port as a URL writes it ("[::1]:2580"). */
function hostPort(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

export async function startPlayground(config: Config, webRoot = WEB_ROOT, hooks: PlaygroundHooks = {}): Promise<Playground> {
  // Summaries decode RFC 2047 encoded-words with postal-mime's decoder, header values only.
  const mailbox: MailStore = config.maildir ? await Maildir.open(config.maildir, undefined, decodeWords) : new MemoryStore(undefined, decodeWords);
  const watch = new WatchHub();
  const certificate =
    config.tlsCert && config.tlsKey ? await loadCertificate({ cert: config.tlsCert, key: config.tlsKey }) : await makeCertificate(config.hostname);
  // The relay is attached once the sandbox listens (it dials the sandbox's port); until then it has dialed nothing.
  let dialedSandbox: Relay['dialedSandbox'] = () => false;
  const smtp = await startTcpSandbox({
    host: config.host,
    port: config.smtpPort,
    mailbox,
    personality: config.personality,
    policy: { ...scenarioById(config.scenario).policy, hostname: config.hostname, ...(config.requireStarttls ? { requireTls: true } : {}) },
    limits: {
      maxConnections: config.maxConnections,
      maxPerClient: config.maxPerClient,
      idleTimeoutMs: config.idleTimeout * 1000,
      maxLifetimeMs: config.maxLifetime * 1000,
    },
    // The relay's sessions are bounded by the relay (--relay-max-sessions), so they don't take direct clients' slots.
    fromRelay: (address, port) => dialedSandbox(address, port),
    tls: { key: certificate.key, cert: certificate.cert },
    smtpsPort: config.smtpsPort,
    watch,
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const sandboxLimits = {
    maxConnections: config.maxConnections,
    maxPerClient: config.maxPerClient,
    idleTimeoutMs: config.idleTimeout * 1000,
    maxLifetimeMs: config.maxLifetime * 1000,
  };
  let pop3: Awaited<ReturnType<typeof startPop3Sandbox>>;
  try {
    pop3 = await startPop3Sandbox({
      host: config.host,
      port: config.pop3Port,
      // One maildrop per local part, over the very messages the SMTP sandbox stored (the Maildir's read from disk).
      maildrops: new Maildrops({ list: () => mailbox.listSync() }),
      hostname: config.hostname,
      limits: sandboxLimits,
      fromRelay: (address, port) => dialedSandbox(address, port),
      tls: { key: certificate.key, cert: certificate.cert },
      pop3sPort: config.pop3sPort,
      watch,
    });
  } catch (e) {
    await smtp.close();
    await mailbox.close();
    throw e;
  }
  const pop3Port = (pop3.server.address() as AddressInfo).port;
  const sandboxHost = dialHost(config.host);
  let httpPort = 0; // known once listening; the Host and Origin checks read it then
  const ownHosts = () =>
    new Set(['localhost', '127.0.0.1', '[::1]', isIP(config.host) === 6 ? `[${config.host}]` : config.host].map((h) => `${h}:${httpPort}`));
  // Only on loopback can we know every name we are reached by. One rule for every route, the relay's upgrade included.
  const hostCheck = LOOPBACK.test(config.host) ? { hostAllowed: (host: string) => ownHosts().has(host) } : {};
  const http = createHttpServer({
    mailbox,
    webRoot,
    watch,
    targets: [
      { name: 'sandbox', address: hostPort(sandboxHost, smtpPort), tls: 'starttls', insecure: false, sandbox: true },
      // The POP3 sandbox; a page picking an SMTP server finds the first sandbox above, and no real server here.
      { name: 'pop3', address: hostPort(sandboxHost, pop3Port), tls: 'starttls', insecure: false, sandbox: true },
      ...config.targets.map((t) => ({ name: t.name, address: hostPort(t.host, t.port), tls: t.tls, insecure: t.insecure, sandbox: false })),
    ],
    ...hostCheck,
  });
  const relay = attachRelay(http, {
    targets: config.targets,
    sandbox: { host: sandboxHost, port: smtpPort, servername: config.hostname, cert: certificate.cert, fingerprint: certificate.fingerprint },
    pop3Port,
    limits: config.relay,
    originAllowed: (origin) => config.origins.includes(origin) || [...ownHosts()].some((h) => origin === `http://${h}`),
    ...hostCheck,
    ...(hooks.log ? { log: hooks.log } : {}),
  });
  dialedSandbox = relay.dialedSandbox;
  try {
    await listen(http, config.httpPort, config.host);
  } catch (e) {
    relay.close();
    await Promise.all([smtp.close(), pop3.close()]); // so a failed start leaves nothing listening
    await mailbox.close();
    throw e;
  }
  httpPort = (http.address() as AddressInfo).port;
  return {
    smtpPort,
    httpPort,
    smtpsPort: smtp.smtps ? (smtp.smtps.address() as AddressInfo).port : null,
    pop3Port,
    pop3sPort: pop3.pop3s ? (pop3.pop3s.address() as AddressInfo).port : null,
    mailbox,
    certificate,
    watch,
    close: async () => {
      relay.close();
      http.closeAllConnections();
      await Promise.all([smtp.close(), pop3.close(), new Promise((r) => http.close(r))]);
      await mailbox.close(); // messages being written finish first
    },
  };
}
