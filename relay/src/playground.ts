/**
 * Starts everything the one process serves, sharing one mailbox: the sandbox on TCP
 * and the HTTP server. main.ts calls it with the parsed config; tests call it on port 0.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Mailbox } from '@smtp-playground/shared';
import type { Config } from './config.js';
import { createHttpServer } from './http-server.js';
import { startTcpSandbox } from './tcp-sandbox.js';

export interface Playground {
  smtpPort: number;
  httpPort: number;
  mailbox: Mailbox;
  /** Says 421 to open SMTP sessions, drops HTTP connections, stops listening. */
  close(): Promise<void>;
}

const WEB_ROOT = new URL('../../web/dist', import.meta.url).pathname;

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

export async function startPlayground(config: Config, webRoot = WEB_ROOT): Promise<Playground> {
  const mailbox = new Mailbox();
  const smtp = await startTcpSandbox({
    host: config.host,
    port: config.smtpPort,
    mailbox,
    personality: config.personality,
    policy: { hostname: config.hostname },
    limits: { maxConnections: config.maxConnections, idleTimeoutMs: config.idleTimeout * 1000 },
  });
  const http = createHttpServer({ mailbox, webRoot });
  try {
    await listen(http, config.httpPort, config.host);
  } catch (e) {
    await smtp.close(); // so a failed start leaves nothing listening
    throw e;
  }
  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    httpPort: (http.address() as AddressInfo).port,
    mailbox,
    close: async () => {
      http.closeAllConnections();
      await Promise.all([smtp.close(), new Promise((r) => http.close(r))]);
    },
  };
}
