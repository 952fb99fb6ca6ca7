// A decoder for pgoutput, PostgreSQL's built-in logical decoding output (protocol version 1, text
// values): https://www.postgresql.org/docs/current/protocol-logicalrep-message-formats.html
// Tuples come out as arrays by column position holding each value's text form, so one converter per
// column (chosen once per relation) turns them into Connect values, the same way for snapshot rows.
import { readLsn } from './lsn.ts';

/** A TOASTed value the update did not change; pgoutput does not send it again. */
export const UNCHANGED_TOAST: unique symbol = Symbol('unchanged-toast');
export type TupleValue = string | null | typeof UNCHANGED_TOAST;

export interface RelationColumn {
  /** Bit 1: the column is part of the replica identity (the key pgoutput sends old values of). */
  readonly flags: number;
  readonly name: string;
  readonly typeOid: number;
  readonly typeMod: number;
}

export type ReplicaIdentity = 'default' | 'nothing' | 'full' | 'index';

export interface RelationMessage {
  readonly tag: 'relation';
  readonly relationId: number;
  readonly namespace: string;
  readonly name: string;
  readonly replicaIdentity: ReplicaIdentity;
  readonly columns: readonly RelationColumn[];
}
export interface BeginMessage {
  readonly tag: 'begin';
  /** The LSN of the transaction's commit record. */
  readonly finalLsn: number;
  /** Commit time, microseconds since the Unix epoch. */
  readonly commitTimeUs: number;
  readonly xid: number;
}
export interface CommitMessage {
  readonly tag: 'commit';
  readonly commitLsn: number;
  /** The end of the commit record: where decoding resumes after this transaction. */
  readonly endLsn: number;
  readonly commitTimeUs: number;
}
export interface OriginMessage {
  readonly tag: 'origin';
  readonly lsn: number;
  readonly name: string;
}
export interface TypeMessage {
  readonly tag: 'type';
  readonly typeOid: number;
  readonly namespace: string;
  readonly name: string;
}
export interface InsertMessage {
  readonly tag: 'insert';
  readonly relationId: number;
  readonly newTuple: TupleValue[];
}
export interface UpdateMessage {
  readonly tag: 'update';
  readonly relationId: number;
  /** 'K': only the replica identity's columns (a key change); 'O': the whole old row (FULL). */
  readonly oldKind: 'K' | 'O' | null;
  readonly oldTuple: TupleValue[] | null;
  readonly newTuple: TupleValue[];
}
export interface DeleteMessage {
  readonly tag: 'delete';
  readonly relationId: number;
  readonly oldKind: 'K' | 'O';
  readonly oldTuple: TupleValue[];
}
export interface TruncateMessage {
  readonly tag: 'truncate';
  readonly cascade: boolean;
  readonly restartIdentity: boolean;
  readonly relationIds: readonly number[];
}
export interface LogicalMessage {
  readonly tag: 'message';
  readonly transactional: boolean;
  readonly lsn: number;
  readonly prefix: string;
  readonly content: Buffer;
}

export type PgoutputMessage =
  | RelationMessage
  | BeginMessage
  | CommitMessage
  | OriginMessage
  | TypeMessage
  | InsertMessage
  | UpdateMessage
  | DeleteMessage
  | TruncateMessage
  | LogicalMessage;

/** PostgreSQL timestamps count microseconds from 2000-01-01; this is that instant in Unix µs. */
const POSTGRES_EPOCH_US = 946_684_800_000_000;

/** Decodes one pgoutput message held in `buf` from `start` (the payload of an XLogData message). */
export function decodePgoutput(buf: Buffer, start: number): PgoutputMessage {
  const reader = new Reader(buf, start + 1);
  switch (buf[start]) {
    case 0x42 /* B */:
      return {
        tag: 'begin',
        finalLsn: reader.lsn(),
        commitTimeUs: reader.timestamp(),
        xid: reader.uint32(),
      };
    case 0x43 /* C */:
      {
        reader.skip(1); // flags, unused
        return {
          tag: 'commit',
          commitLsn: reader.lsn(),
          endLsn: reader.lsn(),
          commitTimeUs: reader.timestamp(),
        };
      }
    case 0x49 /* I */:
      {
        const relationId = reader.uint32();
        reader.skip(1); // 'N'
        return { tag: 'insert', relationId, newTuple: reader.tuple() };
      }
    case 0x55 /* U */:
      {
        const relationId = reader.uint32();
        let kind = reader.byte();
        let oldKind: 'K' | 'O' | null = null;
        let oldTuple: TupleValue[] | null = null;
        if (kind === 0x4b /* K */ || kind === 0x4f /* O */) {
          oldKind = kind === 0x4b ? 'K' : 'O';
          oldTuple = reader.tuple();
          kind = reader.byte(); // 'N'
        }
        return { tag: 'update', relationId, oldKind, oldTuple, newTuple: reader.tuple() };
      }
    case 0x44 /* D */:
      {
        const relationId = reader.uint32();
        const oldKind = reader.byte() === 0x4b ? 'K' : 'O';
        return { tag: 'delete', relationId, oldKind, oldTuple: reader.tuple() };
      }
    case 0x52 /* R */:
      {
        const relationId = reader.uint32();
        const namespace = reader.cstring();
        const name = reader.cstring();
        const replicaIdentity = REPLICA_IDENTITIES[reader.byte()] ?? 'default';
        const count = reader.uint16();
        const columns: RelationColumn[] = [];
        for (let i = 0; i < count; i++) {
          columns.push({
            flags: reader.byte(),
            name: reader.cstring(),
            typeOid: reader.uint32(),
            typeMod: reader.int32(),
          });
        }
        return { tag: 'relation', relationId, namespace, name, replicaIdentity, columns };
      }
    case 0x54 /* T */:
      {
        const count = reader.uint32();
        const options = reader.byte();
        const relationIds: number[] = [];
        for (let i = 0; i < count; i++) relationIds.push(reader.uint32());
        return {
          tag: 'truncate',
          cascade: (options & 1) !== 0,
          restartIdentity: (options & 2) !== 0,
          relationIds,
        };
      }
    case 0x59 /* Y */:
      return { tag: 'type', typeOid: reader.uint32(), namespace: reader.cstring(), name: reader.cstring() };
    case 0x4f /* O */:
      return { tag: 'origin', lsn: reader.lsn(), name: reader.cstring() };
    case 0x4d /* M */:
      {
        const flags = reader.byte();
        const lsn = reader.lsn();
        const prefix = reader.cstring();
        const length = reader.uint32();
        return {
          tag: 'message',
          transactional: (flags & 1) !== 0,
          lsn,
          prefix,
          content: reader.bytes(length),
        };
      }
    default:
      throw new Error(`unknown pgoutput message type 0x${(buf[start] ?? 0).toString(16)}`);
  }
}

const REPLICA_IDENTITIES: Record<number, ReplicaIdentity> = {
  100: 'default',
  110: 'nothing',
  102: 'full',
  105: 'index',
};

class Reader {
  readonly #buf: Buffer;
  #pos: number;

  constructor(buf: Buffer, pos: number) {
    this.#buf = buf;
    this.#pos = pos;
  }

  skip(n: number): void {
    this.#pos += n;
  }
  byte(): number {
    return this.#buf[this.#pos++]!;
  }
  uint16(): number {
    const v = this.#buf.readUInt16BE(this.#pos);
    this.#pos += 2;
    return v;
  }
  uint32(): number {
    const v = this.#buf.readUInt32BE(this.#pos);
    this.#pos += 4;
    return v;
  }
  int32(): number {
    const v = this.#buf.readInt32BE(this.#pos);
    this.#pos += 4;
    return v;
  }
  lsn(): number {
    const v = readLsn(this.#buf, this.#pos);
    this.#pos += 8;
    return v;
  }
  timestamp(): number {
    const v = this.#buf.readInt32BE(this.#pos) * 0x1_0000_0000 + this.#buf.readUInt32BE(this.#pos + 4);
    this.#pos += 8;
    return v + POSTGRES_EPOCH_US;
  }
  cstring(): string {
    const end = this.#buf.indexOf(0, this.#pos);
    const s = this.#buf.toString('utf8', this.#pos, end);
    this.#pos = end + 1;
    return s;
  }
  bytes(n: number): Buffer {
    const b = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return b;
  }
  /** TupleData: a count, then per column 'n' (null), 'u' (unchanged TOAST) or 't' + text. */
  tuple(): TupleValue[] {
    const buf = this.#buf;
    const count = this.uint16();
    const values: TupleValue[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const kind = buf[this.#pos++];
      if (kind === 0x74 /* t */ || kind === 0x62 /* b */) {
        const length = buf.readInt32BE(this.#pos);
        const from = this.#pos + 4;
        this.#pos = from + length;
        values[i] = buf.toString('utf8', from, this.#pos);
      } else if (kind === 0x6e /* n */) {
        values[i] = null;
      } else if (kind === 0x75 /* u */) {
        values[i] = UNCHANGED_TOAST;
      } else {
        throw new Error(`unknown pgoutput tuple value kind 0x${(kind ?? 0).toString(16)}`);
      }
    }
    return values;
  }
}
