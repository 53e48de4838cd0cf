// Preloaded into the bench's naive server: the turns the server's bulk work takes (`setImmediate` of
// node:timers/promises, lib/turns.ts) resolve at once, so an import runs as before it took turns with other requests.
require('node:timers/promises').setImmediate = (value) => Promise.resolve(value);
