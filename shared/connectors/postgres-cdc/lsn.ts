// Log sequence numbers: positions in PostgreSQL's write-ahead log. They are 64-bit, but a number is
// exact up to 2^53 bytes of WAL (8 PiB), far beyond any server's lifetime, and cheaper than bigint on
// the hot path. Debezium stores them the same way, as a long, in offsets and the source block.

/** Parses PostgreSQL's text form, `16/B374D848`. */
export function parseLsn(text: string): number {
  const slash = text.indexOf('/');
  if (slash < 1) throw new Error(`not an LSN: "${text}"`);
  return (
    Number.parseInt(text.slice(0, slash), 16) * 0x1_0000_0000 + Number.parseInt(text.slice(slash + 1), 16)
  );
}

/** PostgreSQL's text form of an LSN, as START_REPLICATION and pg_replication_slots use it. */
export function formatLsn(lsn: number): string {
  const high = Math.floor(lsn / 0x1_0000_0000);
  const low = lsn - high * 0x1_0000_0000;
  return `${high.toString(16).toUpperCase()}/${low.toString(16).toUpperCase()}`;
}

/** Reads an LSN written big-endian at `offset` (replication protocol and pgoutput messages). */
export function readLsn(buffer: Buffer, offset: number): number {
  return buffer.readUInt32BE(offset) * 0x1_0000_0000 + buffer.readUInt32BE(offset + 4);
}

export function writeLsn(buffer: Buffer, lsn: number, offset: number): void {
  const high = Math.floor(lsn / 0x1_0000_0000);
  buffer.writeUInt32BE(high, offset);
  buffer.writeUInt32BE(lsn - high * 0x1_0000_0000, offset + 4);
}
