/**
 * One dialogue's two transcripts side by side: the real server's on the left, the
 * sandbox's on the right, each row marked by how the two lines compare (a sign, words
 * for screen readers, and a colour, never the colour alone), and each difference
 * explained in a row of its own under it.
 */
import { type ComparedLine, type DialogueComparison, type LineMark, MARK_SIGNS, MARK_WORDS } from '@smtp-playground/shared';
import { Fragment } from 'react';
import { directionText } from '../../../components/ui/direction';
import { TwoSidesHead } from './two-sides-head';

const ROW: Record<LineMark, string> = {
  same: '',
  'differs-in-text': 'bg-amber-50 dark:bg-amber-950/40',
  'differs-in-code': 'bg-red-50 dark:bg-red-950/40',
  'only-left': 'bg-violet-50 dark:bg-violet-950/40',
  'only-right': 'bg-sky-50 dark:bg-sky-950/40',
};

const SIGN: Record<LineMark, string> = {
  same: '',
  'differs-in-text': 'text-amber-800 dark:text-amber-300',
  'differs-in-code': 'text-red-800 dark:text-red-300',
  'only-left': 'text-violet-800 dark:text-violet-300',
  'only-right': 'text-sky-800 dark:text-sky-300',
};

interface SideBySideProps {
  comparison: DialogueComparison;
  leftTitle: string;
  rightTitle: string;
}

export function SideBySide({ comparison, leftTitle, rightTitle }: SideBySideProps) {
  return (
    <table aria-label={`${comparison.id}: ${leftTitle} beside ${rightTitle}`} className="w-full table-fixed border-collapse text-left font-mono text-xs">
      <TwoSidesHead first="Difference" firstWidth="w-8" left={leftTitle} right={rightTitle} className="font-sans text-sm" />
      <tbody>
        {comparison.lines.map((line, i) => (
          // The rows never move: a dialogue's comparison is made once.
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
          <Row key={i} line={line} />
        ))}
      </tbody>
    </table>
  );
}

function Row({ line }: { line: ComparedLine }) {
  return (
    <Fragment>
      <tr className={ROW[line.mark]}>
        <td className={`py-0.5 text-center font-bold ${SIGN[line.mark]}`}>
          {line.mark !== 'same' && (
            <>
              <span aria-hidden="true">{MARK_SIGNS[line.mark]}</span>
              <span className="sr-only">{MARK_WORDS[line.mark]}</span>
            </>
          )}
        </td>
        <Cell text={line.left} />
        <Cell text={line.right} />
      </tr>
      {line.why && (
        <tr className={ROW[line.mark]}>
          <td />
          <td colSpan={2} className="pb-1.5 pl-4 font-sans text-slate-800 dark:text-slate-200">
            <span aria-hidden="true">↳ </span>
            {line.why}
          </td>
        </tr>
      )}
    </Fragment>
  );
}

/** A transcript line: client lines red, server lines blue, events grey (the transcript's colours). */
function Cell({ text }: { text: string | null }) {
  const colour = text?.startsWith('C: ')
    ? directionText({ direction: 'client' })
    : text?.startsWith('S: ')
      ? directionText({ direction: 'server' })
      : 'text-slate-600 dark:text-slate-400';
  return <td className={`py-0.5 pr-2 align-top break-all whitespace-pre-wrap ${colour}`}>{text ?? ''}</td>;
}
