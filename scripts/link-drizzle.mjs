// drizzle-orm declares optional React Native peers that clash with the mini-program's React,
// so npm keeps it under server/node_modules while drizzle-kit lands at the root, where it
// cannot import drizzle-orm. Link the server's copy to the root so drizzle-kit finds it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nested = path.join(root, 'server', 'node_modules', 'drizzle-orm');
const hoisted = path.join(root, 'node_modules', 'drizzle-orm');

if (fs.existsSync(nested) && !fs.existsSync(hoisted)) {
  fs.rmSync(hoisted, { force: true }); // a dangling link from an earlier install
  fs.symlinkSync(path.relative(path.dirname(hoisted), nested), hoisted, 'dir');
  console.log('linked node_modules/drizzle-orm -> server/node_modules/drizzle-orm (for drizzle-kit)');
}
