/**
 * The base64 helper for AUTH: encode (with `\0` for the NUL byte AUTH PLAIN needs)
 * and decode (what `334 VXNlcm5hbWU6` asks). Local state only: nothing here is sent.
 */
import { useId, useState } from 'react';
import { field } from '../../../components/ui/field';
import { decodeBase64Text, encodeBase64Text } from '../base64';

export function Base64Helper() {
  const [plain, setPlain] = useState('');
  const [encoded, setEncoded] = useState('');
  const id = useId();
  const decoded = encoded.trim() === '' ? null : decodeBase64Text(encoded);
  return (
    <div className="flex flex-col gap-3 text-sm">
      <div className="grid gap-1">
        <label htmlFor={`${id}-plain`} className="font-medium">
          Text to encode <span className="font-normal text-slate-600 dark:text-slate-400">(write a NUL byte as \0)</span>
        </label>
        <input
          id={`${id}-plain`}
          value={plain}
          onChange={(e) => setPlain(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          placeholder="\0user\0password"
          className={`${field} font-mono`}
        />
        <label htmlFor={`${id}-b64`} className="font-medium">
          Base64
        </label>
        <input id={`${id}-b64`} readOnly value={encodeBase64Text(plain)} className={`${field} bg-slate-50 font-mono dark:bg-slate-900`} />
      </div>
      <div className="grid gap-1">
        <label htmlFor={`${id}-enc`} className="font-medium">
          Base64 to decode
        </label>
        <p id={`${id}-enc-note`} className="text-slate-600 dark:text-slate-400">
          A whole reply line will do: the code in <code className="font-mono">334 VXNlcm5hbWU6</code> is left out.
        </p>
        <input
          id={`${id}-enc`}
          value={encoded}
          onChange={(e) => setEncoded(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={decoded?.ok === false ? `${id}-enc-note ${id}-err` : `${id}-enc-note`}
          placeholder="VXNlcm5hbWU6"
          className={`${field} font-mono`}
        />
        <label htmlFor={`${id}-dec`} className="font-medium">
          Decoded text
        </label>
        <input id={`${id}-dec`} readOnly value={decoded?.ok ? decoded.text : ''} className={`${field} bg-slate-50 font-mono dark:bg-slate-900`} />
        {decoded?.ok === false && (
          <p id={`${id}-err`} className="text-amber-800 dark:text-amber-300">
            {decoded.error}
          </p>
        )}
      </div>
      <p className="text-slate-700 dark:text-slate-300">
        In a terminal, <code className="font-mono">echo learner | base64</code> encodes a newline too (echo adds one:{' '}
        <code className="font-mono">bGVhcm5lcgo=</code>
        ); <code className="font-mono">printf 'learner' | base64</code> encodes just the name (<code className="font-mono">bGVhcm5lcg==</code>).
      </p>
    </div>
  );
}
