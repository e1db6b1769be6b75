/**
 * Where the page is connected, whether the session is encrypted (the lock, with the
 * certificate when there is one), and, when something went wrong, what and what to do.
 */
import { cva } from 'class-variance-authority';
import { LockIcon, lockTone } from '../../../components/ui/lock';
import type { TlsDetails } from '../../../connection/connection';
import { tlsLock } from '../../../connection/tls-text';
import { type ConnectionStatus as Status, useConnectionStore } from '../../../stores/connection-store';

const selectStatus = (s: { status: Status }) => s.status;
const selectLabel = (s: { label: string }) => s.label;
const selectSimulated = (s: { simulated: boolean }) => s.simulated;
const selectReadOnly = (s: { readOnly: boolean }) => s.readOnly;
const selectPeer = (s: { peer: string | null }) => s.peer;
const selectTls = (s: { tls: TlsDetails | null }) => s.tls;
const selectWaiting = (s: { waitingMessage: string | null }) => s.waitingMessage;
const selectError = (s: { error: { message: string } | null }) => s.error?.message ?? null;

const dot = cva('inline-block h-2.5 w-2.5 shrink-0 rounded-full', {
  variants: {
    status: {
      idle: 'bg-slate-400',
      connecting: 'bg-amber-500',
      open: 'bg-emerald-500',
      waiting: 'bg-amber-500',
      closed: 'bg-slate-400',
    },
  },
});

export function ConnectionStatus() {
  const status = useConnectionStore(selectStatus);
  const label = useConnectionStore(selectLabel);
  const simulated = useConnectionStore(selectSimulated);
  const readOnly = useConnectionStore(selectReadOnly);
  const peer = useConnectionStore(selectPeer);
  const tls = useConnectionStore(selectTls);
  const waiting = useConnectionStore(selectWaiting);
  const error = useConnectionStore(selectError);
  const text = {
    idle: 'Not connected.',
    connecting: `Connecting to ${label}…`,
    open: readOnly
      ? `${label}: following the session from ${peer ?? 'a client'}.`
      : `Connected to ${label}${peer ? ` (${peer})` : ''}${simulated ? ', simulated in this tab; no network.' : '.'}`,
    waiting: `${label}. ${waiting ?? ''}`,
    closed: `${label}: closed.`,
  }[status];
  return (
    <section aria-label="Connection" className="flex flex-col gap-2 text-sm">
      <div className="flex flex-wrap items-center gap-3">
        <p role="status" className="flex items-center gap-2">
          <span aria-hidden="true" className={dot({ status })} />
          {text}
        </p>
        {status === 'open' && <Lock tls={tls} />}
      </div>
      {error && (
        <p role="alert" className="rounded-md border border-red-400 bg-red-50 p-2 text-red-900 dark:bg-red-950 dark:text-red-100">
          {error}
        </p>
      )}
    </section>
  );
}

function Lock({ tls }: { tls: TlsDetails | null }) {
  if (!tls) return <span className="text-slate-600 dark:text-slate-400">Plain text: not encrypted.</span>;
  const { label, tone } = tlsLock(tls);
  const c = tls.certificate;
  return (
    <div className="flex flex-wrap items-start gap-2">
      <span className={`inline-flex items-center gap-1 rounded-md border px-2 py-0.5 ${lockTone({ tone })}`}>
        <LockIcon open={tls.simulated} />
        {label}
      </span>
      {c && (
        <details className="rounded-md border border-slate-300 px-2 py-0.5 dark:border-slate-600">
          <summary className="cursor-pointer">Certificate</summary>
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs">
            <dt>Subject</dt>
            <dd className="font-mono">{c.subject}</dd>
            <dt>Issued by</dt>
            <dd className="font-mono">{c.issuer}</dd>
            <dt>Valid until</dt>
            <dd className="font-mono">{c.validTo}</dd>
            <dt>Fingerprint</dt>
            <dd className="break-all font-mono">{c.fingerprint}</dd>
            {tls.authorizationError && (
              <>
                <dt>Not verified</dt>
                <dd className="font-mono">{tls.authorizationError}</dd>
              </>
            )}
          </dl>
        </details>
      )}
    </div>
  );
}
