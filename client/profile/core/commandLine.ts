// Splits a command line typed by the user (in the "command to profile" box) into argv the way
// a POSIX shell would for quoting only: '...' literal, "..." with \\ \" \$ \` escapes, and
// backslash outside quotes. Nothing is expanded or executed; each word later goes to the target
// through shellQuote, so what was typed is what the application receives.

export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' at column ${i + 1}`);
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= line.length) throw new Error(`unclosed " at column ${i + 1}`);
        const d = line[j];
        if (d === '"') break;
        if (d === '\\' && j + 1 < line.length && '\\"$`\n'.includes(line[j + 1])) {
          if (line[j + 1] !== '\n') cur += line[j + 1];
          j += 2;
          continue;
        }
        cur += d;
        j++;
      }
      inWord = true;
      i = j + 1;
    } else if (c === '\\') {
      if (i + 1 < line.length) {
        if (line[i + 1] !== '\n') cur += line[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
      i++;
    } else {
      cur += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) out.push(cur);
  return out;
}
