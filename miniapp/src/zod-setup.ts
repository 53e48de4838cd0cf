import { z } from 'zod';

// Mini-program runtimes forbid `new Function`, which zod uses to compile fast object parsers.
// The flag is read when a schema is built, so this module must be imported before anything
// that imports @union/shared (app.ts imports it first).
z.config({ jitless: true });
