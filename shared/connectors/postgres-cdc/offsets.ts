// Source partition and offset maps in Debezium's format (PostgresOffsetContext), so offsets move
// between Debezium and this connector both ways, and the rule that skips what a restarted task has
// already emitted.
import type { SourceOffset, SourcePartition } from '../../api/connector.ts';

export type MessageType = 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'COMMIT' | 'BEGIN';

export function sourcePartition(topicPrefix: string): SourcePartition {
  return { server: topicPrefix };
}

/** The position of a streamed change (or of a heartbeat after a commit). */
export function streamingOffset(p: {
  tsUs: number;
  txId: number | null;
  lsn: number;
  lastCommitLsn: number | null;
  messageType: MessageType;
}): SourceOffset {
  const offset: Record<string, unknown> = {
    ts_usec: p.tsUs,
    lsn: p.lsn,
    lsn_proc: p.lsn,
    messageType: p.messageType,
  };
  if (p.txId !== null) offset.txId = p.txId;
  if (p.lastCommitLsn !== null) offset.lsn_commit = p.lastCommitLsn;
  return offset;
}

/** The position of a snapshot row: the snapshot's WAL position and whether it was the last row. */
export function snapshotOffset(p: {
  tsUs: number;
  txId: number;
  lsn: number;
  lastRecord: boolean;
}): SourceOffset {
  return {
    ts_usec: p.tsUs,
    txId: p.txId,
    lsn: p.lsn,
    snapshot: 'INITIAL',
    last_snapshot_record: p.lastRecord,
    snapshot_completed: p.lastRecord,
  };
}

const num = (v: unknown): number | null =>
  typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : null;

/** What a task resumes from, read from a stored offset (ours or Debezium's). */
export interface ResumePoint {
  /** Changes of transactions committed at or before this LSN were all emitted. */
  readonly lastCommitLsn: number | null;
  /** The last emitted change, within transaction `txId`. */
  readonly lsn: number | null;
  readonly txId: number | null;
  /** Whether a snapshot was started and not finished. */
  readonly snapshotIncomplete: boolean;
}

export function resumePoint(offset: SourceOffset | null): ResumePoint | null {
  if (offset === null) return null;
  const inSnapshot = offset.snapshot !== undefined && offset.snapshot !== null;
  const completed = offset.last_snapshot_record === true || offset.snapshot_completed === true;
  return {
    lastCommitLsn: num(offset.lsn_commit) ?? num(offset.lsn_proc),
    lsn: num(offset.lsn_proc) ?? num(offset.lsn),
    txId: num(offset.txId),
    snapshotIncomplete: inSnapshot && !completed,
  };
}

/**
 * Whether a change at `lsn` in transaction `xid` (whose commit record starts at `commitLsn`) was
 * already emitted before the restart described by `resume`.
 */
export function alreadyEmitted(resume: ResumePoint, xid: number, commitLsn: number, lsn: number): boolean {
  if (resume.txId !== null && xid === resume.txId) return resume.lsn !== null && lsn <= resume.lsn;
  return resume.lastCommitLsn !== null && commitLsn < resume.lastCommitLsn;
}
