/**
 * A lab mail server for browser tests: nodemailer's smtp-server as mail.lab.test on a
 * free loopback port, with STARTTLS on a self-signed certificate and AUTH PLAIN and
 * LOGIN (optional), and the test's own onAuth and onData. A client that fails TLS (one
 * that goes on in plain text after STARTTLS) is an error event to it, not a crash.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { makeCertificate } from '../../relay/src/certificate.js';

export interface LabServer {
  server: SMTPServer;
  port: number;
  close(): Promise<void>;
}

export async function startLabServer(handlers: Required<Pick<SMTPServerOptions, 'onAuth' | 'onData'>>): Promise<LabServer> {
  const cert = await makeCertificate('mail.lab.test');
  const server = new SMTPServer({
    key: cert.key,
    cert: cert.cert,
    name: 'mail.lab.test',
    banner: 'Lab mail server',
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: true,
    logger: false,
    ...handlers,
  });
  server.on('error', () => {});
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return { server, port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
