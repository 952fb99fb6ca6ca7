// The schema and changes the differential test runs through Debezium and through this project's
// connector on one database: every type the connector maps (each with edge values and NULLs), column
// defaults (literal and generated), primary keys in and out of column order, a table without a key,
// REPLICA IDENTITY FULL, snapshot rows, and a script of inserts, updates, deletes, a key change, a
// multi-statement transaction and a truncate.

export const SCHEMA_SQL = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN short_text AS varchar(10);
CREATE TABLE alltypes (
  id serial PRIMARY KEY,
  c_int2 smallint, c_int4 integer NOT NULL DEFAULT 7, c_int8 bigint DEFAULT 9007199254740993,
  c_float4 real DEFAULT 1.5, c_float8 double precision,
  c_num numeric(10,2) DEFAULT 3.1, c_num0 numeric(12), c_numvar numeric, c_bool boolean DEFAULT true,
  c_text text DEFAULT 'hello', c_varchar varchar(20), c_char char(5) DEFAULT 'ab', c_name name,
  c_bytea bytea, c_date date DEFAULT '2020-02-29', c_time time DEFAULT '12:34:56.789', c_time3 time(3),
  c_time0 time(0), c_timetz timetz, c_ts timestamp DEFAULT now(), c_ts3 timestamp(3), c_ts0 timestamp(0),
  c_tstz timestamptz DEFAULT '2021-03-04 05:06:07.5+02', c_tstz3 timestamptz(3), c_tstz0 timestamptz(0),
  c_interval interval, c_uuid uuid DEFAULT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', c_json json, c_jsonb jsonb DEFAULT '{"k": 1}',
  c_xml xml, c_inet inet, c_cidr cidr, c_macaddr macaddr, c_int4range int4range, c_tsrange tsrange,
  c_mood mood DEFAULT 'ok', c_money money, c_bit1 bit(1), c_bits bit(10), c_varbit varbit(20), c_oid oid,
  c_domain short_text, c_tsvector tsvector,
  c_int2arr smallint[], c_intarr integer[], c_int8arr bigint[], c_textarr text[], c_vchararr varchar(5)[],
  c_numarr numeric(6,2)[], c_float8arr double precision[], c_boolarr boolean[], c_datearr date[],
  c_tsarr timestamp[], c_tstzarr timestamptz[], c_uuidarr uuid[], c_jsonbarr jsonb[], c_moodarr mood[]
);
CREATE TABLE composite_key (b text NOT NULL, a integer NOT NULL, v text, PRIMARY KEY (a, b));
CREATE TABLE no_key (a integer, b text);
CREATE TABLE full_identity (id integer PRIMARY KEY, v text, w numeric(8,3), big text);
ALTER TABLE full_identity REPLICA IDENTITY FULL;
CREATE TABLE full_no_key (a integer, b text);
ALTER TABLE full_no_key REPLICA IDENTITY FULL;
CREATE TABLE toasted (id integer PRIMARY KEY, small text, big text);
`;

const ALL_COLUMNS = `c_int2, c_int4, c_int8, c_float4, c_float8, c_num, c_num0, c_numvar, c_bool, c_text, c_varchar,
  c_char, c_name, c_bytea, c_date, c_time, c_time3, c_time0, c_timetz, c_ts, c_ts3, c_ts0, c_tstz, c_tstz3, c_tstz0,
  c_interval, c_uuid, c_json, c_jsonb, c_xml, c_inet, c_cidr, c_macaddr, c_int4range, c_tsrange, c_mood, c_money,
  c_bit1, c_bits, c_varbit, c_oid, c_domain, c_tsvector, c_int2arr, c_intarr, c_int8arr, c_textarr, c_vchararr,
  c_numarr, c_float8arr, c_boolarr, c_datearr, c_tsarr, c_tstzarr, c_uuidarr, c_jsonbarr, c_moodarr`;

/** Rows with every column set: ordinary, extreme and awkward values. */
const FULL_ROWS = [
  `(1, 42, 9007199254740993, 1.5, 2.25, 12345.67, 123456789012, 3.14159, true, 'text é ü', 'vc', 'ab', 'nm',
    '\\xdeadbeef', '2024-02-29', '13:14:15.123456', '13:14:15.123', '13:14:15', '13:14:15.5+02', '2024-01-02 03:04:05.123456',
    '2024-01-02 03:04:05.123', '2024-01-02 03:04:05', '2024-01-02 03:04:05.123456+02', '2024-01-02 03:04:05.1+00',
    '2024-01-02 03:04:05-05', '1 year 2 mons 3 days 04:05:06.7', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2.5, null]}',
    '{"b": {"c": "d"}, "a": 1}', '<a x="1">t</a>', '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', '[1,10)',
    '["2020-01-01 00:00:00","2020-01-02 00:00:00")', 'happy', 1234.56, B'1', B'1010000001', B'101', 4294967295, 'dom',
    'a fat cat', '{1,-2}', '{1,2,NULL}', '{9007199254740993,-1}', '{"x","y z","q\\"uote",NULL}', '{"ab","cd"}',
    '{1.50,-2.25}', '{1.5,NaN,Infinity}', '{t,f,NULL}', '{2020-01-01,1999-12-31}', '{"2020-01-01 00:00:00.5"}',
    '{"2020-01-01 00:00:00+03"}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', ARRAY['{"j": 1}'::jsonb], '{sad,happy}')`,
  `(-32768, -2147483648, -9223372036854775808, -3.4e38, -1.7976931348623157e308, -99999999.99, -999999999999, -0.000001,
    false, '', '', '', '', '\\x', '0001-01-01', '00:00:00', '00:00:00', '00:00:00', '00:00:00-12', '1970-01-01 00:00:00',
    '1969-12-31 23:59:59.999', '1900-01-01 00:00:00', '1969-12-31 23:59:59.999999+00', '1970-01-01 00:00:00+00',
    '2000-01-01 00:00:00+14', '-1 days +02:03:04', '00000000-0000-0000-0000-000000000000', '[]', '[]', '<e/>', '::1',
    '::/0', '00:00:00:00:00:00', 'empty', '(,)', 'sad', -0.01, B'0', B'0000000000', B'', 0, '', '', '{}', '{}', '{}',
    '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}')`,
  `(32767, 2147483647, 9223372036854775807, 3.4e38, 1e-300, 99999999.99, 0, 10.5000, true, 'x', 'longest-varchar-ok!', 'abcde',
    'n', '\\x00ff', '9999-12-31', '23:59:59.999999', '23:59:59.999', '24:00:00', '23:59:59+14', '2262-04-11 23:47:16.854775',
    '9999-12-31 23:59:59.999', '2100-06-15 12:00:00', '9999-12-31 23:59:59.999999+00', '2024-07-08 09:10:11.123+05:30',
    '1999-12-31 23:59:59+01', '-2 years -3 mons 4 days -00:00:01.000001', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'null',
    'true', '<x/>', '2001:db8::1', '2001:db8::/32', 'ff:ff:ff:ff:ff:ff', '[-5,5]', '["2021-01-01 00:00:00",)', 'ok',
    -92233720368547758.08, B'1', B'1111111111', B'11111111111111111111', 1, 'ten chars!', 'x:1 y:2', '{32767}',
    '{2147483647,-2147483648}', '{-9223372036854775808}', '{"",NULL}', '{NULL}', '{0.00}', '{-0,1e300}', '{f}',
    '{9999-12-31}', '{"1970-01-01 00:00:00"}', '{"1970-01-01 00:00:00+00"}', '{ffffffff-ffff-ffff-ffff-ffffffffffff}',
    ARRAY['[]'::jsonb, 'null'::jsonb], '{ok}')`,
];

export const SNAPSHOT_SQL = `
INSERT INTO alltypes (${ALL_COLUMNS}) VALUES ${FULL_ROWS.join(',\n')};
INSERT INTO alltypes (id) VALUES (100);
INSERT INTO alltypes (c_int4, c_text, c_num, c_numvar) VALUES (5, NULL, NULL, 'NaN');
INSERT INTO composite_key VALUES ('x', 1, 'one'), ('y', 2, 'two');
INSERT INTO no_key VALUES (1, 'a'), (NULL, NULL);
INSERT INTO full_identity VALUES (1, 'a', 1.5, 'b'), (2, NULL, NULL, NULL);
INSERT INTO toasted VALUES (1, 's', repeat('z', 10000));
`;

/**
 * The changes, each statement in its own transaction unless grouped in BEGIN/COMMIT. The table
 * without a key only takes inserts (a published table without replica identity rejects updates).
 */
export const CHANGES_SQL: readonly string[] = [
  `INSERT INTO alltypes (${ALL_COLUMNS}) VALUES ${FULL_ROWS[0]}`,
  `INSERT INTO alltypes (id, c_int4) VALUES (200, 1)`,
  `UPDATE alltypes SET c_text = 'updated', c_jsonb = '{"z": 0}', c_numvar = 100.00 WHERE id = 200`,
  `UPDATE alltypes SET c_int2 = NULL, c_bytea = '\\x0102' WHERE id = 1`,
  `UPDATE alltypes SET id = 201 WHERE id = 200`,
  `DELETE FROM alltypes WHERE id = 2`,
  `INSERT INTO composite_key VALUES ('z', 3, 'three')`,
  `UPDATE composite_key SET v = 'TWO' WHERE a = 2`,
  `UPDATE composite_key SET b = 'w' WHERE a = 3`,
  `DELETE FROM composite_key WHERE a = 1`,
  `INSERT INTO no_key VALUES (2, 'b')`,
  `UPDATE full_identity SET v = 'changed', w = 2.25 WHERE id = 1`,
  `UPDATE full_identity SET id = 3 WHERE id = 2`,
  `DELETE FROM full_identity WHERE id = 1`,
  `INSERT INTO full_no_key VALUES (1, 'q')`,
  `UPDATE full_no_key SET b = 'r' WHERE a = 1`,
  `DELETE FROM full_no_key WHERE a = 1`,
  `UPDATE toasted SET small = 't' WHERE id = 1`,
  `BEGIN;
   INSERT INTO alltypes (id, c_text) VALUES (300, 'tx-1');
   INSERT INTO composite_key VALUES ('tx', 10, 'in tx');
   UPDATE alltypes SET c_text = 'tx-2' WHERE id = 300;
   DELETE FROM alltypes WHERE id = 300;
   INSERT INTO no_key VALUES (3, 'tx');
   COMMIT`,
  `TRUNCATE no_key`,
  `INSERT INTO alltypes (id, c_mood, c_moodarr, c_money, c_interval) VALUES (400, 'sad', '{happy,sad}', 0, '00:00:00')`,
];

/** Tables in the order a snapshot reads them, and how many snapshot rows each has. */
export const SNAPSHOT_ROWS = {
  alltypes: 5,
  composite_key: 2,
  full_identity: 2,
  no_key: 2,
  toasted: 1,
} as const;
