// Draws the tab bar icons (81x81 PNG, grey and red) so the repo needs no downloaded artwork.
// Run: node scripts/make-tab-icons.mjs  (writes src/assets/tab/*.png)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 81;
const SAMPLES = 4;
const COLORS = { normal: [0x4b, 0x52, 0x60], active: [0xc8, 0x10, 0x2e] };

const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (!rect(x0, y0, x1, y1)(x, y)) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ellipse = (cx, cy, rx, ry) => (x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
const triangle = (a, b, c) => (x, y) => {
  const s = (p, q) => (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1]);
  const d1 = s(a, b);
  const d2 = s(b, c);
  const d3 = s(c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const union =
  (...fs) =>
  (x, y) =>
    fs.some((f) => f(x, y));
const minus =
  (f, ...gs) =>
  (x, y) =>
    f(x, y) && !gs.some((g) => g(x, y));

const SHAPES = {
  home: minus(union(triangle([0.5, 0.1], [0.06, 0.5], [0.94, 0.5]), rect(0.2, 0.44, 0.8, 0.88)), rect(0.42, 0.62, 0.58, 0.89)),
  services: union(
    roundRect(0.1, 0.1, 0.44, 0.44, 0.07),
    roundRect(0.56, 0.1, 0.9, 0.44, 0.07),
    roundRect(0.1, 0.56, 0.44, 0.9, 0.07),
    circle(0.73, 0.73, 0.17),
  ),
  card: minus(roundRect(0.06, 0.2, 0.94, 0.8, 0.08), rect(0.06, 0.33, 0.94, 0.43), rect(0.16, 0.58, 0.46, 0.67)),
  me: union(circle(0.5, 0.3, 0.18), minus(ellipse(0.5, 0.95, 0.38, 0.4), rect(0, 0.9, 1, 1))),
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(shape, [r, g, b]) {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 4 + 1);
    raw[row] = 0;
    for (let x = 0; x < SIZE; x++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (shape((x + (sx + 0.5) / SAMPLES) / SIZE, (y + (sy + 0.5) / SAMPLES) / SIZE)) hits++;
        }
      }
      const o = row + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = Math.round((255 * hits) / (SAMPLES * SAMPLES));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'tab');
mkdirSync(outDir, { recursive: true });
for (const [name, shape] of Object.entries(SHAPES)) {
  writeFileSync(join(outDir, `${name}.png`), png(shape, COLORS.normal));
  writeFileSync(join(outDir, `${name}-active.png`), png(shape, COLORS.active));
}
console.log(`wrote ${Object.keys(SHAPES).length * 2} icons to ${outDir}`);
