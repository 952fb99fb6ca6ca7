// pgoutput messages built byte by byte as the protocol documentation lays them out, and the rule
// that decides what a restarted task already emitted.
import { describe, expect, it } from 'vitest';
import { formatLsn, parseLsn } from '../../../../shared/connectors/postgres-cdc/lsn.ts';
import { alreadyEmitted, resumePoint } from '../../../../shared/connectors/postgres-cdc/offsets.ts';
import { decodePgoutput, UNCHANGED_TOAST } from '../../../../shared/connectors/postgres-cdc/pgoutput.ts';

const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const i64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
};
const str = (s: string) => Buffer.concat([Buffer.from(s), u8(0)]);
const text = (s: string) => Buffer.concat([u8(0x74), u32(Buffer.byteLength(s)), Buffer.from(s)]);
const tag = (c: string) => Buffer.from(c);

describe('pgoutput decoding', () => {
  it('reads relation, begin, insert, update, delete and commit messages', () => {
    const relation = decodePgoutput(
      Buffer.concat([
        tag('R'),
        u32(16384),
        str('public'),
        str('orders'),
        tag('f'),
        u16(2),
        u8(1),
        str('id'),
        u32(23),
        u32(0xffffffff),
        u8(0),
        str('note'),
        u32(25),
        u32(0xffffffff),
      ]),
      0,
    );
    expect(relation).toEqual({
      tag: 'relation',
      relationId: 16384,
      namespace: 'public',
      name: 'orders',
      replicaIdentity: 'full',
      columns: [
        { flags: 1, name: 'id', typeOid: 23, typeMod: -1 },
        { flags: 0, name: 'note', typeOid: 25, typeMod: -1 },
      ],
    });
    const begin = decodePgoutput(
      Buffer.concat([tag('B'), i64(0x16_b374d848n), i64(1_000_000n), u32(555)]),
      0,
    );
    expect(begin).toEqual({
      tag: 'begin',
      finalLsn: 0x16_b374d848,
      commitTimeUs: 946_684_801_000_000,
      xid: 555,
    });
    const insert = decodePgoutput(
      Buffer.concat([tag('I'), u32(16384), tag('N'), u16(2), text('7'), text('héllo')]),
      0,
    );
    expect(insert).toEqual({ tag: 'insert', relationId: 16384, newTuple: ['7', 'héllo'] });
    const update = decodePgoutput(
      Buffer.concat([
        tag('U'),
        u32(16384),
        tag('O'),
        u16(2),
        text('7'),
        tag('n'),
        tag('N'),
        u16(2),
        text('8'),
        tag('u'),
      ]),
      0,
    );
    expect(update).toEqual({
      tag: 'update',
      relationId: 16384,
      oldKind: 'O',
      oldTuple: ['7', null],
      newTuple: ['8', UNCHANGED_TOAST],
    });
    const plainUpdate = decodePgoutput(Buffer.concat([tag('U'), u32(1), tag('N'), u16(1), text('x')]), 0);
    expect(plainUpdate).toEqual({
      tag: 'update',
      relationId: 1,
      oldKind: null,
      oldTuple: null,
      newTuple: ['x'],
    });
    const del = decodePgoutput(Buffer.concat([tag('D'), u32(1), tag('K'), u16(2), text('7'), tag('n')]), 0);
    expect(del).toEqual({ tag: 'delete', relationId: 1, oldKind: 'K', oldTuple: ['7', null] });
    const commit = decodePgoutput(Buffer.concat([tag('C'), u8(0), i64(100n), i64(148n), i64(0n)]), 0);
    expect(commit).toEqual({ tag: 'commit', commitLsn: 100, endLsn: 148, commitTimeUs: 946_684_800_000_000 });
    expect(() => decodePgoutput(tag('?'), 0)).toThrow(/unknown pgoutput message/);
  });

  it('prints and parses LSNs as PostgreSQL does', () => {
    expect(formatLsn(parseLsn('16/B374D848'))).toBe('16/B374D848');
    expect(parseLsn('0/0')).toBe(0);
  });
});

describe('what a restarted task skips', () => {
  it('skips transactions committed before the stored commit, and changes up to the stored one in its transaction', () => {
    const resume = resumePoint({
      lsn_commit: 1000,
      lsn_proc: 1500,
      lsn: 1500,
      txId: 42,
      messageType: 'UPDATE',
    })!;
    expect(alreadyEmitted(resume, 41, 900, 800)).toBe(true); // committed before
    expect(alreadyEmitted(resume, 42, 2000, 1400)).toBe(true); // same transaction, earlier change
    expect(alreadyEmitted(resume, 42, 2000, 1500)).toBe(true); // the stored change itself
    expect(alreadyEmitted(resume, 42, 2000, 1600)).toBe(false); // same transaction, later change
    expect(alreadyEmitted(resume, 43, 2100, 1200)).toBe(false); // a later transaction, whatever its change LSNs
  });

  it('reads an incomplete snapshot from the offset', () => {
    expect(
      resumePoint({ snapshot: 'INITIAL', last_snapshot_record: false, lsn: 5 })?.snapshotIncomplete,
    ).toBe(true);
    expect(resumePoint({ snapshot: 'INITIAL', last_snapshot_record: true, lsn: 5 })?.snapshotIncomplete).toBe(
      false,
    );
    expect(resumePoint(null)).toBeNull();
  });
});
