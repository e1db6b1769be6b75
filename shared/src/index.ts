// The public surface of @smtp-playground/shared. Deep imports are private.

export { classicMessage } from './client/classic-message.js';
export { type ClientOutcome, type Envelope, type RecipientOutcome, retryEnvelope } from './client/outcome.js';
export { type ClientEvent, type ClientOptions, type ClientOutput, type RecipientStatus, SmtpClient } from './client/smtp-client.js';
export { Maildrops, maildropName } from './pop3/maildrops.js';
export { dovecot } from './pop3/personalities/dovecot.js';
export type { Pop3Personality } from './pop3/personality.js';
export { POP3_REPLIES, type Pop3CatalogueEntry, type Pop3ReplyKey, type Pop3Status, renderPop3Reply } from './pop3/replies.js';
export { pop3Size, retrievalBytes, uidlOf } from './pop3/retrieval.js';
export { type Pop3Event, type Pop3Output, Pop3Session, type Pop3SessionOptions, type Pop3State, SANDBOX_PASSWORD } from './pop3/session.js';
export { formatMailbox, type Mailbox as Address, parsePath } from './protocol/address.js';
export { decodeBase64, encodeBase64 } from './protocol/base64.js';
export { decodeText, encodeText } from './protocol/bytes.js';
export { type Command, type CommandResult, type Leniency, type Parameter, parseCommand, VERBS, type Verb } from './protocol/command.js';
export { crlfLines, dotStuff, dotStuffBytes } from './protocol/dot-stuffing.js';
export { ENHANCED_CLASSES, ENHANCED_DETAILS, ENHANCED_SUBJECTS, type EnhancedExplanation, explainEnhancedCode } from './protocol/enhanced-codes.js';
export { HEADER_BLOCK_LIMIT, type HeaderBlock, headerBlock, readHeaderFields } from './protocol/header-block.js';
export { parseHeaderField } from './protocol/header-field.js';
export { type LineEnding, type LineEvent, LineReader } from './protocol/line-reader.js';
export { type CatalogueEntry, REPLIES, type ReplyKey, renderReply } from './protocol/replies.js';
export { formatReply, parseReply, parseReplyLine, type Reply, type ReplyLine } from './protocol/reply.js';
export { Greylist } from './server/greylist.js';
export {
  DEFAULT_MAILBOX_LIMITS,
  type HeaderDecoder,
  Mailbox,
  type MailboxEvent,
  type MailboxLimits,
  type MessageSink,
  overLimits,
  type StoredMessage,
  summarizeMessage,
} from './server/mailbox.js';
export { exim } from './server/personalities/exim.js';
export { postfix } from './server/personalities/postfix.js';
export type { EhloKeyword, Personality } from './server/personality.js';
export { type Account, DEFAULT_POLICY, letterEnd, type Policy } from './server/policy.js';
export { Session, type SessionEvent, type SessionOptions, type SessionOutput, type TlsInfo } from './server/session.js';

import { exim } from './server/personalities/exim.js';
import { postfix } from './server/personalities/postfix.js';
/** Every personality, by id. */
export const PERSONALITIES = { exim, postfix } as const;
// The relay's wire shapes, their constructors and parsers: all of api.ts is public.
export * from './api.js';
export { type DigParse, type DigQuery, formatDig, parseDigQuery, recordData } from './dns/dig.js';
export { type DnsRecord, isNullMx, RECORD_TYPES, type RecordType, type Zone } from './dns/records.js';
export { type DnsAnswer, resolve } from './dns/resolve.js';
export { ZONES } from './dns/zones.js';
export { goalKey, isComplete, type LessonProgress, observeLesson, startLesson } from './lessons/engine.js';
export { journeySteps, receivedCount } from './lessons/goals.js';
export { type Replay, replayLesson, replaySolution, solutionBytes } from './lessons/replay.js';
export { CHALLENGES, LESSONS, lessonById } from './lessons/sequence.js';
export { type Goal, type Lesson, type LessonInputs, type LessonSetup, type LessonTool, NO_INPUTS, type SolutionStep, type Step } from './lessons/types.js';
export { MIME_LIMITS, type MimePart, mimeStructure } from './mime/structure.js';
export {
  COMMAND_EXPLANATIONS,
  COMMAND_SYNTAX,
  commandSequence,
  explainReply,
  FIRST_DIGIT,
  HEADER_EXPLANATIONS,
  identifyReply,
  LENIENCY_NOTES,
  type ReplyExplanation,
  SECOND_DIGIT,
} from './observe/explain.js';
export {
  explainPop3Reply,
  identifyPop3Reply,
  POP3_COMMAND_EXPLANATIONS,
  POP3_VERBS,
  type Pop3Verb,
} from './observe/explain-pop3.js';
export {
  type ConversationState,
  type Delivery,
  type Direction,
  type Exchange,
  initialObserverState,
  type Letter,
  type LineKind,
  Observer,
  type ObserverState,
  type PostOfficeStep,
  queueIdOf,
  type Recipient,
  type Refusal,
  type TranscriptLine,
} from './observe/observer.js';
export { initialPop3View, type Pop3Retrieval, type Pop3Step, type Pop3View } from './observe/pop3-reading.js';
export {
  COMPARE_DIALOGUES,
  type ComparedLine,
  type ComparisonSummary,
  comparableTranscript,
  compareDialogue,
  compareTranscripts,
  type DialogueComparison,
  isSafeDialogue,
  type LineMark,
  needsTls,
  type SideNames,
  summariseComparisons,
} from './parity/compare.js';
export {
  type FingerprintRow,
  fingerprintRows,
  formatComparison,
  formatFingerprint,
  formatLegend,
  formatSummary,
  MARK_SIGNS,
  MARK_WORDS,
  type ReportOptions,
  verdictWords,
} from './parity/compare-report.js';
export { type ComparisonOptions, type ComparisonRun, type OpenedTransport, runComparison } from './parity/compare-run.js';
export {
  DIALOGUES,
  type Dialogue,
  type DialogueCategory,
  type DialogueEnding,
  type DialogueStep,
  type ReplyCount,
} from './parity/dialogues.js';
export { type EhloOffer, type Fingerprint, PROBES, type ProbeVerdict, readFingerprint, type Transcripts } from './parity/fingerprint.js';
export { type DialogueTransport, playDialogue } from './parity/play.js';
export { HEARD, heardIn } from './parity/provenance.js';
export { SessionTransport } from './parity/sandbox-transport.js';
export {
  clientLines,
  collapseRuns,
  type DialogueRecording,
  goldenTranscript,
  messageLines,
  normalise,
  type ParityGolden,
  queueIdIn,
  type RecordingContext,
  ReplyReader,
  stepBytes,
  stepLines,
  stepText,
  visible,
} from './parity/transcript.js';
export { SCENARIOS, type Scenario, scenarioById } from './server/scenarios.js';
export {
  COMMAND_STATES,
  type CommandState,
  nextState,
  type ReplyClass,
  SEQUENCE,
  type SessionState,
  TRANSITIONS,
  type Transition,
  type Trigger,
} from './server/states.js';
export { type AuthenticateQuery, type AuthVerdicts, authenticate, formatAuthenticationResults } from './world/auth/authenticate.js';
export {
  DEFAULT_SIGNED_FIELDS,
  type DkimCanonicalization,
  type DkimResult,
  type DkimSigner,
  type DkimSignOptions,
  type DkimVerdict,
  dkimSign,
  prependField,
  verifyDkim,
} from './world/auth/dkim.js';
export { aligned, checkDmarc, type DmarcPolicy, type DmarcResult, type DmarcVerdict, organizationalDomain, PUBLIC_SUFFIXES } from './world/auth/dmarc.js';
export { type DnsLookup, worldDns } from './world/auth/lookup.js';
export { checkSpf, type SpfResult, type SpfVerdict } from './world/auth/spf.js';
export { FILTER_FOOTER, type HopChunk, type Journey, type JourneyOptions, type JourneyStep, runJourney } from './world/journey.js';
export { BANK_THM_SIGNER, CLIENT_THM_SIGNER, WORLD_SIGNERS } from './world/keys.js';
export { MSA, MSA_POLICY, SERVERS, serverAt, type WorldServer } from './world/world.js';
