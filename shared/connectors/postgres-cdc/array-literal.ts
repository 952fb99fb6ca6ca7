// PostgreSQL's array text form: `{1,2,NULL}`, `{"a b","say \"hi\""}`, `{}`. Elements come back as
// their own text forms (null for NULL), ready for the element type's converter. Nested arrays
// (`{{1,2},{3,4}}`) are flattened in order, and a leading dimension decoration (`[0:1]={…}`) is
// skipped: Connect arrays have one dimension.

export function parseArrayLiteral(text: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = text.startsWith('[') ? text.indexOf('=') + 1 : 0;
  const end = text.length;
  while (i < end) {
    const c = text[i];
    if (c === '{' || c === '}' || c === ',' || c === ' ') {
      i++;
      continue;
    }
    if (c === '"') {
      let value = '';
      i++;
      while (i < end && text[i] !== '"') {
        if (text[i] === '\\') i++;
        value += text[i];
        i++;
      }
      i++; // closing quote
      out.push(value);
      continue;
    }
    let j = i;
    while (j < end && text[j] !== ',' && text[j] !== '}') j++;
    const raw = text.slice(i, j).trim();
    out.push(raw.toUpperCase() === 'NULL' ? null : raw);
    i = j;
  }
  return out;
}
