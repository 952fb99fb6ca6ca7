// Dates as Kafka's SimpleDateFormat and Values read and write them: Java's hybrid calendar (Julian
// before 1582-10-15, the ten missing days, Julian leap years, BC years with `G`), the week fields
// around the cut-over, time-zone names with `z`, spaces before fields, and the lenient rules for
// numbers and hours. Most run TimestampConverter between two JsonConverters; some go through
// Values (InsertHeader literals, SimpleHeaderConverter, Cast to string).
import type { ConformanceCase, PluginSpec, StageSpec } from '../case.ts';

const T = 'org.apache.kafka.connect.transforms.';
const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';
const SIMPLE_HEADER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';
const schemaless: PluginSpec = { class: JSON_CONVERTER, config: { 'schemas.enable': 'false' } };
const enveloped: PluginSpec = { class: JSON_CONVERTER, config: { 'schemas.enable': 'true' } };

const stage = (name: string, config: Record<string, string>): StageSpec => ({ class: `${T}${name}`, config });
const converter = (config: Record<string, string>) =>
  stage('TimestampConverter$Value', { field: 'a', ...config });

function pipeline(
  id: string,
  value: string,
  stages: StageSpec[],
  conv: PluginSpec = schemaless,
  extra: Partial<ConformanceCase> = {},
): ConformanceCase {
  return {
    id: `dates/${id}`,
    kind: 'pipeline',
    converter: conv,
    value: { text: value },
    stages,
    ...extra,
  } as ConformanceCase;
}

const utc = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0) => {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year);
  return date.getTime();
};

/** Instants (as proleptic Gregorian dates, which is how JavaScript names them) to format. */
const INSTANTS: Record<string, number> = {
  'year-end-2024': utc(2024, 12, 29, 13, 5, 9, 7),
  'year-end-2022': utc(2022, 12, 31, 23, 0, 0, 42),
  'year-start-2023': utc(2023, 1, 1, 0, 30),
  'noon-2024-02-29': utc(2024, 2, 29, 12),
  'julian-1581-12-31': utc(1582, 1, 10),
  'julian-1582-10-01': utc(1582, 10, 11, 1),
  'gregorian-1582-10-31': utc(1582, 10, 31, 23),
  'gregorian-1582-11-01': utc(1582, 11, 1),

  'cutover-minus-1ms': utc(1582, 10, 15) - 1,
  cutover: utc(1582, 10, 15),
  'julian-1582-10-04': utc(1582, 10, 14),
  'julian-1582-01-01': utc(1582, 1, 11),
  'gregorian-1582-12-31': utc(1582, 12, 31, 23, 59, 59, 999),
  'gregorian-1583-01-01': utc(1583, 1, 1),
  'julian-leap-1500-02-29': utc(1500, 3, 10),
  'julian-1500-03-01': utc(1500, 3, 11),
  'julian-leap-1000-02-29': utc(1000, 3, 6),
  'julian-1100-12-31': utc(1101, 1, 7),
  'year-1-jan-1': utc(1, 1, 3),
  'year-1-proleptic': utc(1, 1, 1),
  'bc-1-dec-31': utc(0, 12, 31, 12),
  'bc-44-mar-15': utc(-43, 3, 13, 9, 30),
  'bc-4713': utc(-4713, 11, 24),
  'year-200': utc(200, 3, 1),
  'year-300-feb-28': utc(300, 2, 28),
  'gregorian-1600-02-29': utc(1600, 2, 29),
  'gregorian-1700-03-01': utc(1700, 3, 1),
  'year-9999': utc(9999, 12, 31, 23, 59, 59, 999),
  'year-10000': utc(10000, 1, 1),
  'far-past': -8_000_000_000_000_000,
  'far-future': 8_000_000_000_000_000,
};

const FORMATS = [
  'G GG GGGG y yy yyy yyyyyy Y YY YYY YYYYY M MM MMM MMMM MMMMM L LL LLL LLLL',
  'w ww W WW D DD DDD DDDD d dd F FF E EE EEE EEEE EEEEE u uu',
  'a aaaa H HH k kk K KK h hh m mm s ss S SS SSS SSSS z zzzz Z ZZZZ X XX XXX',
  "''yyyy'' 'o''clock' HH",

  'yyyy-MM-dd HH:mm:ss.SSS G',
  'EEEE d MMMM yyyy',
  "D 'w'w 'W'W 'F'F 'u'u E",
  "YYYY-'W'ww-u",
  'yy MMM d',
  'y M d',
  'yyyyy-MM-dd',
];

function formatCases(cases: ConformanceCase[]): void {
  for (const [label, millis] of Object.entries(INSTANTS)) {
    for (const format of FORMATS) {
      cases.push(
        pipeline(`format/${label}/${format.replace(/[^A-Za-z]+/g, '-')}`, `{"a":${millis}}`, [
          converter({ 'target.type': 'string', format }),
        ]),
      );
    }
    // The Date and Time logical types cut a timestamp at a day boundary, which no calendar moves.
    for (const target of ['Date', 'Time']) {
      const record = {
        schema: { type: 'struct', fields: [{ field: 'a', type: 'int64' }] },
        payload: { a: millis },
      };
      cases.push(
        pipeline(
          `logical/${label}/${target}`,
          JSON.stringify(record),
          [converter({ 'target.type': target })],
          enveloped,
        ),
      );
    }
  }
}

/** [label, pattern, text] parsed to a unix time. */
const PARSES: [string, string, string][] = [
  // The cut-over and the Julian calendar before it.
  ['julian-1582-10-04', 'yyyy-MM-dd', '1582-10-04'],
  ['gap-1582-10-05', 'yyyy-MM-dd', '1582-10-05'],
  ['gap-1582-10-10', 'yyyy-MM-dd', '1582-10-10'],
  ['gap-1582-10-14', 'yyyy-MM-dd', '1582-10-14'],
  ['cutover-1582-10-15', 'yyyy-MM-dd', '1582-10-15'],
  ['julian-leap-1500-02-29', 'yyyy-MM-dd', '1500-02-29'],
  ['julian-1500-02-30', 'yyyy-MM-dd', '1500-02-30'],
  ['gregorian-1700-02-29', 'yyyy-MM-dd', '1700-02-29'],
  ['julian-1582-02-29', 'yyyy-MM-dd', '1582-02-29'],
  ['lenient-1582-13-01', 'yyyy-MM-dd', '1582-13-01'],
  ['lenient-1581-14-10', 'yyyy-MM-dd', '1581-14-10'],
  ['lenient-1583-00-10', 'yyyy-MM-dd', '1583-00-10'],
  ['lenient-1582-09-40', 'yyyy-MM-dd', '1582-09-40'],
  ['lenient-1582-10-00', 'yyyy-MM-dd', '1582-10-00'],
  ['year-1', 'yyyy-MM-dd', '0001-01-01'],
  ['year-0', 'yyyy-MM-dd', '0000-01-01'],
  ['year-minus-1', 'yyyy-MM-dd', '-1-06-15'],
  ['year-1000', 'yyyy-MM-dd HH:mm', '1000-07-04 12:00'],
  ['day-of-year-1582-277', 'yyyy-DDD', '1582-277'],
  ['day-of-year-1582-278', 'yyyy-DDD', '1582-278'],
  ['day-of-year-1582-365', 'yyyy-DDD', '1582-365'],
  ['day-of-year-1500-366', 'yyyy-DDD', '1500-366'],
  ['day-of-year-1583-001', 'yyyy-DDD', '1583-001'],
  // Eras.
  ['era-bc-44', 'yyyy-MM-dd G', '0044-03-15 BC'],
  ['era-bc-1', 'yyyy-MM-dd G', '0001-12-31 BC'],
  ['era-ad-1', 'yyyy-MM-dd G', '0001-01-01 AD'],
  ['era-first', 'G yyyy-MM-dd', 'BC 0100-01-01'],
  ['era-lowercase', 'yyyy G', '0753 bc'],
  ['era-bc-0', 'yyyy G', '0 BC'],
  ['era-bc-negative', 'yyyy G', '-5 BC'],
  ['era-bc-1582', 'yyyy-MM-dd G', '1582-10-10 BC'],
  // Time-zone names and offsets with z and Z.
  ['zone-PST', 'yyyy-MM-dd HH:mm z', '2024-07-01 10:15 PST'],
  ['zone-PDT', 'yyyy-MM-dd HH:mm z', '2024-07-01 10:15 PDT'],
  ['zone-EST', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 EST'],
  ['zone-EDT', 'yyyy-MM-dd HH:mm z', '2024-06-01 10:15 EDT'],
  ['zone-CST', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 CST'],
  ['zone-MST', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 MST'],
  ['zone-CET', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 CET'],
  ['zone-CEST', 'yyyy-MM-dd HH:mm z', '2024-07-01 10:15 CEST'],
  ['zone-JST', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 JST'],
  ['zone-IST', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 IST'],
  ['zone-BST', 'yyyy-MM-dd HH:mm z', '2024-07-01 10:15 BST'],
  ['zone-AEST', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 AEST'],
  ['zone-HST', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 HST'],
  ['zone-UTC', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 UTC'],
  ['zone-UTC-offset', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 UTC+01:00'],
  ['zone-GMT', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 GMT'],
  ['zone-lowercase-pst', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 pst'],
  ['zone-long-pacific', 'yyyy-MM-dd HH:mm zzzz', '2024-01-01 10:15 Pacific Standard Time'],
  ['zone-long-pacific-daylight', 'yyyy-MM-dd HH:mm z', '2024-07-01 10:15 Pacific Daylight Time'],
  ['zone-long-central-european', 'yyyy-MM-dd HH:mm z', '2024-07-01 10:15 Central European Summer Time'],
  ['zone-long-utc', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 Coordinated Universal Time'],
  ['zone-long-greenwich', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 Greenwich Mean Time'],
  ['zone-dst-gap-PST', 'yyyy-MM-dd HH:mm z', '2024-03-10 02:30 PST'],
  ['zone-dst-overlap-PDT', 'yyyy-MM-dd HH:mm z', '2024-11-03 01:30 PDT'],
  ['zone-dst-overlap-PST', 'yyyy-MM-dd HH:mm z', '2024-11-03 01:30 PST'],
  ['zone-julian-PST', 'yyyy-MM-dd HH:mm z', '1500-01-01 10:15 PST'],
  ['zone-unknown', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 XYZ'],
  ['zone-Z-letter', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 Z'],
  ['zone-GMT-short-hour', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 GMT+3:00'],
  ['zone-GMT-no-colon', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 GMT+0300'],
  ['zone-GMT-hour-only', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 GMT+3'],
  ['zone-GMT-minus', 'yyyy-MM-dd HH:mm z', '2024-01-01 10:15 GMT-03:30'],
  ['zone-Z-name', 'yyyy-MM-dd HH:mm Z', '2024-01-01 10:15 EST'],
  ['zone-Z-colon', 'yyyy-MM-dd HH:mm Z', '2024-01-01 10:15 -08:00'],
  ['zone-Z-hours-24', 'yyyy-MM-dd HH:mm Z', '2024-01-01 10:15 +2400'],
  ['zone-X-name', "yyyy-MM-dd'T'HH:mmX", '2024-01-01T10:15PST'],
  ['zone-X-long', "yyyy-MM-dd'T'HH:mmX", '2024-01-01T10:15+0530'],
  ['zone-XX-short', "yyyy-MM-dd'T'HH:mmXX", '2024-01-01T10:15+05'],
  ['zone-XXX-no-colon', "yyyy-MM-dd'T'HH:mmXXX", '2024-01-01T10:15+0530'],
  // Spaces and tabs before fields.
  ['space-leading', 'yyyy-MM-dd', ' 2024-03-01'],
  ['space-leading-many', 'yyyy-MM-dd', '   2024-03-01'],
  ['tab-leading', 'yyyy-MM-dd', '\t2024-03-01'],
  ['space-inside', 'yyyy-MM-dd', '2024- 03- 01'],
  ['space-double', 'yyyy-MM-dd HH:mm', '2024-03-01  10:15'],
  ['space-before-zone', 'yyyy-MM-dd HH:mm z', '2024-03-01 10:15   PST'],
  ['space-before-month-name', 'dd MMM yyyy', '01  Mar 2024'],
  ['space-before-era', 'yyyy G', '2024  AD'],
  ['space-abutting', 'yyyyMMdd', ' 20240301'],
  ['space-only', 'yyyy-MM-dd', '   '],
  ['newline-leading', 'yyyy-MM-dd', '\n2024-03-01'],
  // Numbers as DecimalFormat reads them.
  ['plus-year', 'yyyy-MM-dd', '+2024-03-01'],
  ['arabic-digits', 'yyyy-MM-dd', '٢٠٢٤-٠٣-٠١'],
  ['fullwidth-digits', 'yyyy-MM-dd', '２０２４-０３-０１'],
  ['abutting-short', 'yyyyMMdd', '2024031'],
  ['abutting-long', 'yyyyMMdd', '202403011'],
  ['day-huge', 'yyyy-MM-dd', '2024-01-4294967297'],
  ['exponent-year', 'yyyy-MM-dd', '2E3-03-01'],
  ['exponent-negative', 'yyyy-MM-dd', '20245E-1-03-01'],
  ['exponent-fraction', 'yyyy-MM-dd HH', '2024-03-01 25E-1'],
  ['exponent-lowercase', 'yyyy-MM-dd', '2e3-03-01'],
  ['exponent-empty', 'yyyy-MM-dd', '2024E-03-01'],
  ['exponent-huge', 'yyyy-MM-dd', '2024-03-1E50'],
  ['exponent-zero-huge', 'yyyy-MM-dd', '2024-03-0E99999'],
  ['exponent-abutting', 'yyyyMMdd', '2E300301'],
  ['grouping-year', 'yyyy-MM-dd', '2,024-03-01'],
  ['decimal-day', 'yyyy-MM-dd', '2024-03-01.5'],
  ['decimal-month', 'yyyy-MM-dd', '2024-03.5-01'],
  ['minus-zero-day', 'yyyy-MM-dd', '2024-03--0'],
  ['negative-month', 'yyyy-MM-dd', '2024--3-01'],
  ['long-overflow-day', 'yyyy-MM-dd', '2024-03-99999999999999999999'],
  ['abutting-negative', 'yyyyMMdd', '-2024031'],
  ['two-digit-year-space', 'yy-MM-dd', ' 24-03-01'],
  ['two-digit-year-arabic', 'yy-MM-dd', '٢٤-03-01'],
  ['millis-abutting', 'HHmmssSSS', '101500123'],
  ['literal-mismatch', 'yyyy/MM/dd', '2024-03-01'],
  ['quoted-literal', "yyyy-MM-dd'T'HH", '2024-03-01T10'],
  ['two-digit-year-ambiguous', 'yy-MM-dd', '46-01-01'],
  ['two-digit-year-late', 'yy-MM-dd', '99-12-31'],
  ['two-digit-year-three-digits', 'yy-MM-dd', '024-03-01'],
  // Hours: the group set last wins.
  ['hour-then-ampm', 'yyyy-MM-dd HH hh a', '2024-03-01 10 03 PM'],
  ['ampm-then-hour-of-day', 'yyyy-MM-dd hh a HH', '2024-03-01 03 PM 10'],
  ['hour12-alone', 'yyyy-MM-dd hh', '2024-03-01 12'],
  ['ampm-alone', 'yyyy-MM-dd a', '2024-03-01 PM'],
  ['hour-24-k', 'yyyy-MM-dd kk:mm', '2024-03-01 24:30'],
  ['hour-K-pm', 'yyyy-MM-dd KK a', '2024-03-01 11 PM'],
  // Days of the week and week dates.
  ['day-of-week-only', 'EEE yyyy-MM', 'Fri 2024-03'],
  ['day-of-week-long', 'EEEE yyyy-MM', 'Wednesday 2024-03'],
  ['day-of-week-with-day', 'EEE yyyy-MM-dd', 'Mon 2024-03-01'],
  ['week-date-2024-10-3', "YYYY-'W'ww-u", '2024-W10-3'],
  ['week-date-2021-01-7', "YYYY-'W'ww-u", '2021-W01-7'],
  ['week-date-2020-53-1', "YYYY-'W'ww-u", '2020-W53-1'],
  ['week-date-1582-42-6', "YYYY-'W'ww-u", '1582-W42-6'],
  ['week-year-only', 'YYYY', '2027'],
  ['month-name-1582', 'd MMMM yyyy G', '4 October 1582 AD'],
  ['week-of-year-with-year', "yyyy-'W'ww-u", '2024-W10-3'],
  ['week-of-year-no-day', "yyyy-'W'ww", '2024-W10'],
  ['week-of-year-1582', "yyyy-'W'ww-u", '1582-W42-6'],
  ['week-of-month', 'yyyy-MM W E', '2024-03 2 Tue'],
  ['week-of-month-no-day', 'yyyy-MM W', '2024-03 3'],
  ['day-of-week-in-month', 'yyyy-MM F E', '2024-03 2 Tue'],
  ['day-of-week-in-month-no-day', 'yyyy-MM F', '2024-03 3'],
  ['day-of-year-then-day', 'yyyy-DDD-dd', '2024-060-15'],
  ['day-then-day-of-year', 'yyyy-dd-DDD', '2024-15-060'],
  ['week-year-then-year', "YYYY yyyy-'W'ww-u", '2020 2024-W10-3'],
  ['year-then-week-year', "yyyy YYYY-'W'ww-u", '2020 2024-W10-3'],
  ['month-short-julian', 'dd MMM yyyy', '29 Feb 1300'],
];

/** A zone name read by the format changes the format's own time zone (SimpleDateFormat.setTimeZone), which then writes. */
const ZONE_ROUND_TRIPS: [string, string, string][] = [
  ['PST', 'yyyy-MM-dd HH:mm z', '2024-01-15 10:15 PST'],
  ['PST-in-summer', 'yyyy-MM-dd HH:mm z', '2024-07-15 10:15 PST'],
  ['PDT', 'yyyy-MM-dd HH:mm zzzz', '2024-07-15 10:15 PDT'],
  ['CET', 'yyyy-MM-dd HH:mm z Z', '2024-01-15 10:15 CET'],
  ['EST-julian', 'yyyy-MM-dd HH:mm z', '1500-01-15 10:15 EST'],
  ['UTC', 'yyyy-MM-dd HH:mm z', '2024-01-15 10:15 UTC'],
  ['offset', 'yyyy-MM-dd HH:mm z', '2024-01-15 10:15 -0800'],
  ['GMT-offset', 'yyyy-MM-dd HH:mm z', '2024-01-15 10:15 GMT+05:30'],
  ['CST-summer', 'yyyy-MM-dd HH:mm z Z XXX', '2024-07-15 10:15 CST'],
  ['CEST-winter', 'yyyy-MM-dd HH:mm zzzz X', '2024-01-15 10:15 CEST'],
  ['AEST-january', 'yyyy-MM-dd HH:mm z XX', '2024-01-15 10:15 AEST'],
  ['India', 'yyyy-MM-dd HH:mm zzzz XXX', '2024-01-15 10:15 India Standard Time'],
  ['Greenwich-summer', 'yyyy-MM-dd HH:mm z', '2024-07-15 10:15 Greenwich Mean Time'],
  ['EST-1950-summer', 'yyyy-MM-dd HH:mm z', '1950-07-15 10:15 EST'],
  ['PST-dst-start', 'yyyy-MM-dd HH:mm:ss z', '2024-03-10 01:59:59 PST'],
  ['PST-dst-gap', 'yyyy-MM-dd HH:mm z', '2024-03-10 02:30 PST'],
  ['PDT-dst-end', 'yyyy-MM-dd HH:mm z', '2024-11-03 01:30 PDT'],
  ['PST-dst-end', 'yyyy-MM-dd HH:mm z', '2024-11-03 01:30 PST'],
  ['JST-date-only', 'yyyy-MM-dd z', '2024-01-15 JST'],
  ['HST-far-past', 'yyyy-MM-dd HH:mm z G', '0044-03-15 10:15 HST BC'],
  ['PST-year-300000', 'yyyy-MM-dd HH:mm z', '300000-01-15 10:15 PST'],
  ['MSK-2012', 'yyyy-MM-dd HH:mm z', '2012-01-15 10:15 MSK'],
  ['MSK-2010-summer', 'yyyy-MM-dd HH:mm z', '2010-07-15 10:15 MSK'],
  ['MSK-1990', 'yyyy-MM-dd HH:mm z', '1990-01-15 10:15 MSK'],
  ['SGT-1970', 'yyyy-MM-dd HH:mm z', '1970-01-15 10:15 SGT'],
  ['IST-1940', 'yyyy-MM-dd HH:mm z', '1940-01-15 10:15 IST'],
  ['EST-1883', 'yyyy-MM-dd HH:mm z', '1883-01-15 10:15 EST'],
  ['AEDT-1960', 'yyyy-MM-dd HH:mm z', '1960-01-15 10:15 AEDT'],
  ['BST-1970', 'yyyy-MM-dd HH:mm z', '1970-01-15 10:15 BST'],
  ['MSK-2011-summer', 'yyyy-MM-dd HH:mm z', '2011-07-15 10:15 MSK'],
  ['MSK-2014-summer', 'yyyy-MM-dd HH:mm z', '2014-07-15 10:15 MSK'],
  ['BST-1941-summer', 'yyyy-MM-dd HH:mm z', '1941-07-15 10:15 BST'],
  ['CET-1945-summer', 'yyyy-MM-dd HH:mm z', '1945-07-15 10:15 CET'],
  ['PST-1944-war-time', 'yyyy-MM-dd HH:mm z', '1944-01-15 10:15 PST'],
  ['IST-Dublin-summer', 'yyyy-MM-dd HH:mm zzzz', '2024-07-15 10:15 Irish Standard Time'],
  ['AEST-1917', 'yyyy-MM-dd HH:mm z', '1917-01-15 10:15 AEST'],
  ['PDT-1800', 'yyyy-MM-dd HH:mm z', '1800-07-15 10:15 PDT'],
];

function parseCases(cases: ConformanceCase[]): void {
  for (const [label, format, input] of ZONE_ROUND_TRIPS) {
    cases.push(
      pipeline(`zone-round-trip/${label}`, JSON.stringify({ a: input }), [
        converter({ 'target.type': 'string', format }),
      ]),
    );
  }
  for (const [label, format, input] of PARSES) {
    cases.push(
      pipeline(`parse/${label}`, JSON.stringify({ a: input }), [
        converter({ 'target.type': 'unix', format }),
      ]),
    );
  }
  // Old dates into the Date logical type and back out as text.
  for (const input of ['1500-02-29', '1582-10-10', '0044-03-15']) {
    cases.push(
      pipeline(`parse-to-date/${input}`, JSON.stringify({ a: input }), [
        converter({ 'target.type': 'Date', format: 'yyyy-MM-dd' }),
      ]),
      pipeline(`round-trip/${input}`, JSON.stringify({ a: input }), [
        converter({ 'target.type': 'Timestamp', format: 'yyyy-MM-dd' }),
        converter({ 'target.type': 'string', format: 'yyyy-MM-dd G' }),
      ]),
    );
  }
}

/** Values reads ISO dates in header literals and header text, and writes them back, in the same calendar. */
function valuesCases(cases: ConformanceCase[]): void {
  const literals = [
    '1500-02-29',
    '1582-10-10',
    '1582-10-04',
    '0001-01-01',
    '1400-03-01T12:00:00.000Z',
    '1582-10-15T00:00:00.000Z',
  ];
  for (const literal of literals) {
    cases.push(
      pipeline(
        `values/insert-header/${literal}`,
        '{"a":1}',
        [stage('InsertHeader', { header: 'h', 'value.literal': literal })],
        schemaless,
        {
          headerConverter: { class: SIMPLE_HEADER },
        },
      ),
    );
    cases.push({
      id: `dates/values/header-text/${literal}`,
      kind: 'headerConverter',
      class: SIMPLE_HEADER,
      config: {},
      op: 'toConnectHeader',
      input: { text: literal },
    });
  }
  for (const [label, millis] of Object.entries(INSTANTS)) {
    if (Math.abs(millis) > 8.64e15) continue;
    for (const [type, value] of [
      ['Timestamp', millis],
      ['Date', Math.floor(millis / 86_400_000) * 86_400_000],
    ] as const) {
      const schema =
        type === 'Timestamp'
          ? { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1 }
          : { type: 'int32', name: 'org.apache.kafka.connect.data.Date', version: 1 };
      const payload = type === 'Timestamp' ? value : Math.floor(value / 86_400_000);
      cases.push(
        pipeline(
          `values/cast-string/${label}/${type}`,
          JSON.stringify({
            schema: { type: 'struct', fields: [{ field: 'a', ...schema }] },
            payload: { a: payload },
          }),
          [stage('Cast$Value', { spec: 'a:string' })],
          enveloped,
        ),
      );
    }
  }
}

/** StringConverter prints a struct's timestamp with java.util.Date.toString, in the same calendar. */
function dateToStringCases(cases: ConformanceCase[]): void {
  for (const [label, millis] of Object.entries(INSTANTS)) {
    cases.push({
      id: `dates/date-to-string/${label}`,
      kind: 'converter',
      class: 'org.apache.kafka.connect.storage.StringConverter',
      config: {},
      op: 'fromConnect',
      data: {
        schema: {
          type: 'struct',
          fields: [
            { field: 'a', type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1 },
          ],
        },
        payload: { a: millis },
      },
    } as ConformanceCase);
  }
}

/** Instants beyond JavaScript's ±8.64e15 ms, which a java.util.Date holds (any long of milliseconds). */
const WIDE: Record<string, string> = {
  'long-max': '9223372036854775807',
  'long-min': '-9223372036854775808',
  'past-js-range': '8640000000000001',
  'before-js-range': '-8640000000000001',
  'past-2^53': '9007199254740993',
  'year-100-million': '3155633000000000000',
  'bc-100-million': '-3155633000000000000',
  midnight: '8640000000000000000',
  'minus-one-day': '-8640000000086400000',
};

function wideCases(cases: ConformanceCase[]): void {
  const timestampField = (millis: string) =>
    `{"schema":{"type":"struct","fields":[{"field":"a","type":"int64","name":"org.apache.kafka.connect.data.Timestamp","version":1}]},"payload":{"a":${millis}}}`;
  for (const [label, millis] of Object.entries(WIDE)) {
    // Through the JsonConverter's Timestamp logical type and back.
    cases.push(pipeline(`wide/${label}/identity`, timestampField(millis), [], enveloped));
    for (const format of [
      "yyyy-MM-dd'T'HH:mm:ss.SSS G",
      "EEE D w YYYY-'W'ww-u",
      'yy MMMM d HH:mm:ss z',
      ...FORMATS.slice(0, 3),
    ]) {
      cases.push(
        pipeline(
          `wide/${label}/string/${format.replace(/[^A-Za-z]+/g, '-')}`,
          timestampField(millis),
          [converter({ 'target.type': 'string', format })],
          enveloped,
        ),
      );
    }
    for (const target of ['Date', 'Time', 'unix']) {
      cases.push(
        pipeline(
          `wide/${label}/${target}`,
          timestampField(millis),
          [converter({ 'target.type': target })],
          enveloped,
        ),
      );
    }
    for (const precision of ['seconds', 'microseconds']) {
      cases.push(
        pipeline(
          `wide/${label}/unix-${precision}`,
          timestampField(millis),
          [converter({ 'target.type': 'unix', 'unix.precision': precision })],
          enveloped,
        ),
      );
    }
    cases.push(
      pipeline(
        `wide/${label}/cast-string`,
        timestampField(millis),
        [stage('Cast$Value', { spec: 'a:string' })],
        enveloped,
      ),
      pipeline(
        `wide/${label}/cast-int64`,
        timestampField(millis),
        [stage('Cast$Value', { spec: 'a:int64' })],
        enveloped,
      ),
      pipeline(
        `wide/${label}/header`,
        timestampField(millis),
        [stage('HeaderFrom$Value', { fields: 'a', headers: 'h', operation: 'copy' })],
        enveloped,
        { headerConverter: { class: SIMPLE_HEADER } },
      ),
      {
        id: `dates/wide/${label}/date-to-string`,
        kind: 'converter',
        class: 'org.apache.kafka.connect.storage.StringConverter',
        config: {},
        op: 'fromConnect',
        data: JSON.parse(timestampField(millis)),
      } as ConformanceCase,
    );
  }
  // The Date logical type holds an int of days: its extremes are far beyond JavaScript's range.
  for (const days of ['2147483647', '-2147483648', '100000000', '-100000001']) {
    const record = `{"schema":{"type":"struct","fields":[{"field":"a","type":"int32","name":"org.apache.kafka.connect.data.Date","version":1}]},"payload":{"a":${days}}}`;
    cases.push(
      pipeline(`wide-date/${days}/identity`, record, [], enveloped),
      pipeline(
        `wide-date/${days}/string`,
        record,
        [converter({ 'target.type': 'string', format: 'yyyy-MM-dd G' })],
        enveloped,
      ),
      pipeline(
        `wide-date/${days}/cast-string`,
        record,
        [stage('Cast$Value', { spec: 'a:string' })],
        enveloped,
      ),
    );
  }
  // Text that parses to an instant beyond JavaScript's range, and beyond a long.
  for (const [label, format, input] of [
    ['long-max', "yyyy-MM-dd'T'HH:mm:ss.SSS", '292278994-08-17T07:12:55.807'],
    ['long-max-plus-1', "yyyy-MM-dd'T'HH:mm:ss.SSS", '292278994-08-17T07:12:55.808'],
    ['year-300000', 'yyyy-MM-dd', '300000-01-01'],
    ['bc-300000', 'yyyy-MM-dd G', '300000-01-01 BC'],
    ['year-int-max', 'yyyy', '2147483647'],
  ] as const) {
    cases.push(
      pipeline(`wide-parse/${label}/unix`, JSON.stringify({ a: input }), [
        converter({ 'target.type': 'unix', format }),
      ]),
      pipeline(`wide-parse/${label}/round-trip`, JSON.stringify({ a: input }), [
        converter({ 'target.type': 'Timestamp', format }),
        converter({ 'target.type': 'string', format: "yyyy-MM-dd'T'HH:mm:ss.SSS G" }),
      ]),
    );
  }
}

/** TimestampRouter names topics from the record's timestamp in the same calendar. */
function routerCases(cases: ConformanceCase[]): void {
  for (const [label, millis] of Object.entries(INSTANTS)) {
    if (Math.abs(millis) > 8.64e15) continue;
    for (const format of ['yyyyMMdd', 'yyyy-MM-dd G', "YYYY-'W'ww"]) {
      cases.push(
        pipeline(
          `router/${label}/${format.replace(/[^A-Za-z]+/g, '-')}`,
          '{"a":1}',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: TimestampRouter's own placeholder syntax
          [stage('TimestampRouter', { 'topic.format': '${topic}-${timestamp}', 'timestamp.format': format })],
          schemaless,
          { timestamp: millis },
        ),
      );
    }
  }
}

const WAR_TIME =
  "Java's zone names depend on which part of an offset is daylight saving; the tz data as Intl gives it names only the total offset for these war-time years (all-year daylight saving), and ours takes the smallest offset of the year as the standard one";

/** Cases that still differ from Kafka, and why (the conformance test requires that they still differ). */
const DIFFERENCES: Record<string, string> = {
  'dates/zone-round-trip/BST-1941-summer': WAR_TIME,
  'dates/zone-round-trip/CET-1945-summer': WAR_TIME,
  'dates/zone-round-trip/PST-1944-war-time': WAR_TIME,
};

export function dateCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  formatCases(cases);
  parseCases(cases);
  valuesCases(cases);
  dateToStringCases(cases);
  wideCases(cases);
  routerCases(cases);
  return cases.map((c) => (DIFFERENCES[c.id] ? { ...c, difference: DIFFERENCES[c.id] } : c));
}
