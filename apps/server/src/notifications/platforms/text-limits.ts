/** Cutting text to a platform's limits without breaking a character in two. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Cut to at most `maxBytes` of UTF-8 (WeCom counts bytes). */
export function clipBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let size = 0;
  for (const char of text) {
    const bytes = Buffer.byteLength(char, 'utf8');
    if (size + bytes > maxBytes - 3) break;
    out += char;
    size += bytes;
  }
  return `${out}…`;
}
