/**
 * Where the Exim-like sandbox keeps the seed session's words over real Exim's: the
 * classic "telnet to port 25" exercise prints its banner and its HELO reply, and the
 * sandbox must read exactly as printed. These are the only differences the parity test
 * allows; README's "How faithful is the sandbox?" lists them with the same reasons.
 */

export interface SeedLine {
  /** A golden line (normalised), as real Exim 4.96 sends it. */
  real: RegExp;
  /** What the sandbox says instead; `$1` is the client's name. */
  seed: string;
  why: string;
}

export const SEED_LINES: readonly SeedLine[] = [
  {
    real: /^S: 220 example\.thm ESMTP Exim 4\.96 \{date\}$/,
    seed: 'S: 220 example.thm ESMTP Exim 4.95 Ubuntu',
    why: 'The seed session greets as Ubuntu’s Exim 4.95 does, with no date.',
  },
  {
    real: /^S: 250([ -])example\.thm Hello (\S+) \[\{client\}\]$/,
    seed: 'S: 250$1example.thm Hello $2',
    why: 'The seed session’s HELO reply names the client without its address in brackets; EHLO’s first line reads the same way.',
  },
];

/** A golden transcript line as the Exim-like sandbox must say it. */
export function asSeedPrints(line: string): string {
  for (const s of SEED_LINES) if (s.real.test(line)) return line.replace(s.real, s.seed);
  return line;
}
