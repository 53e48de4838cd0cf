import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { createTurns } from './turns';

/** Bytes decoded at a time (a few milliseconds of work), with a turn of the event loop after each. */
const SLICE_BYTES = 64 * 1024;

/**
 * The text of an uploaded file (a CSV an office saved). Valid UTF-8 (with or without a BOM) is read as UTF-8;
 * anything else as GB18030, the superset of GBK that Excel on a Chinese Windows saves CSV in. Bytes neither encoding
 * can read become U+FFFD, for the reader to report on the row that holds them. Decoded a slice at a time, so a
 * 5 MB file never holds up other requests.
 */
export async function decodeTextFile(bytes: Uint8Array): Promise<string> {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Native and about 1 ms a megabyte: checked in one go.
  if (isUtf8(buffer)) return buffer.toString('utf8');
  const decoder = iconv.getDecoder('gb18030');
  const parts: string[] = [];
  const turns = createTurns(1);
  for (let i = 0; i < buffer.length; i += SLICE_BYTES) {
    if (i > 0 && turns.due()) await turns.take();
    parts.push(decoder.write(buffer.subarray(i, i + SLICE_BYTES)));
  }
  parts.push(decoder.end() ?? '');
  return parts.join('');
}

/** A CSV record and the line of the file it ends on. */
export type CsvRecord = { record: string[]; info: { lines: number } };

/**
 * CSV text as records (header row included; empty lines skipped, cells trimmed, a record up to 10,000 characters):
 * csv-parse's stream parser fed a slice at a time, with a turn of the event loop after each. Null when the text is
 * not CSV (an unclosed quote, a record too long), for the caller to refuse in its own words.
 */
export async function parseCsvInTurns(text: string): Promise<CsvRecord[] | null> {
  const bytes = Buffer.from(text);
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, max_record_size: 10_000 });
  const records: CsvRecord[] = [];
  let failed = false;
  const ended = new Promise<void>((resolve) => {
    parser.on('data', (r: CsvRecord) => records.push(r));
    parser.once('error', () => {
      failed = true;
      resolve();
    });
    parser.once('end', resolve);
  });
  const turns = createTurns(1);
  for (let i = 0; i < bytes.length && !failed; i += SLICE_BYTES) {
    parser.write(bytes.subarray(i, i + SLICE_BYTES));
    // The slice's records are out by the next turn (emitted now or on process.nextTick, which runs first).
    if (turns.due()) await turns.take();
  }
  if (!failed) parser.end();
  await ended;
  return failed ? null : records;
}
