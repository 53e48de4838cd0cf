// Writes a brotli (.br) and a gzip (.gz) copy next to every text asset of the H5 build, once, at build
// time; the server sends them to browsers that accept them (@fastify/static `preCompressed`).
// Run by `npm run build:h5`; `node scripts/precompress-h5.mjs [dir]` on its own for another folder.
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const distDir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'h5');
const TEXT = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt', '.map']);
/** Below this a compressed copy saves less than the headers it costs. */
const MIN_BYTES = 1024;

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

let raw = 0;
let br = 0;
let gz = 0;
let count = 0;
// Copies left over from an earlier build into the same folder go first.
const files = walk(distDir).filter((file) => {
  if (!file.endsWith('.br') && !file.endsWith('.gz')) return true;
  unlinkSync(file);
  return false;
});
for (const file of files) {
  if (!TEXT.has(extname(file)) || statSync(file).size < MIN_BYTES) continue;
  const data = readFileSync(file);
  const brotli = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  const gzip = gzipSync(data, { level: 9 });
  // A copy that is not smaller is never worth sending.
  if (brotli.length < data.length) writeFileSync(`${file}.br`, brotli);
  if (gzip.length < data.length) writeFileSync(`${file}.gz`, gzip);
  raw += data.length;
  br += Math.min(brotli.length, data.length);
  gz += Math.min(gzip.length, data.length);
  count += 1;
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`precompress-h5: ${count} files in ${relative(process.cwd(), distDir) || '.'}: ${kib(raw)} -> brotli ${kib(br)}, gzip ${kib(gz)}`);
