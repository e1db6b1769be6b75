/** The course, in order. A lesson's number is its place here. */
import { openingTheDoor } from './01-opening-the-door.js';
import { sayingHello } from './02-saying-hello.js';
import { theEnvelope } from './03-the-envelope.js';
import { recipients } from './04-recipients.js';
import { theLetter } from './05-the-letter.js';
import { goodbye } from './06-goodbye.js';
import { theWholeSession } from './07-the-whole-session.js';
import { whenTheClerkSaysNo } from './08-when-the-clerk-says-no.js';
import { housekeeping } from './09-housekeeping.js';
import { envelopeVsLetter } from './10-envelope-vs-letter.js';
import { dotStuffing } from './11-dot-stuffing.js';
import { extensions } from './12-extensions.js';
import { loggingIn } from './13-logging-in.js';
import { startTls } from './14-starttls.js';
import { greylisting } from './15-greylisting.js';
import { lineEndings } from './16-line-endings.js';
import { whatNext } from './17-what-next.js';
import { bounces } from './18-bounces.js';
import { mxRecords } from './19-mx-records.js';
import { whatTheLetterMustContain } from './20-what-the-letter-must-contain.js';
import { readingAServer } from './21-reading-a-server.js';
import { theTools } from './22-the-tools.js';
import { theNextProtocols } from './23-the-next-protocols.js';
import { theJourney } from './24-the-journey.js';
import { aForgedFrom } from './25-a-forged-from.js';
import { changedOnTheWay } from './26-changed-on-the-way.js';
import { noMx } from './27-no-mx.js';
import { collectingMail } from './28-collecting-mail.js';
import { readYourLetter } from './29-read-your-letter.js';
import { topAndUidl } from './30-top-and-uidl.js';
import { deleteAtQuit } from './31-delete-at-quit.js';
import { stls } from './32-stls.js';
import { CHALLENGES } from './challenges.js';
import type { Lesson } from './types.js';

export const LESSONS: readonly Lesson[] = [
  openingTheDoor,
  sayingHello,
  theEnvelope,
  recipients,
  theLetter,
  goodbye,
  theWholeSession,
  whenTheClerkSaysNo,
  housekeeping,
  envelopeVsLetter,
  dotStuffing,
  extensions,
  loggingIn,
  startTls,
  greylisting,
  lineEndings,
  whatNext,
  bounces,
  mxRecords,
  whatTheLetterMustContain,
  readingAServer,
  theTools,
  theNextProtocols,
  theJourney,
  aForgedFrom,
  changedOnTheWay,
  noMx,
  collectingMail,
  readYourLetter,
  topAndUidl,
  deleteAtQuit,
  stls,
];

export { CHALLENGES };

/** A lesson or challenge by id. */
export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id) ?? CHALLENGES.find((l) => l.id === id);
}
