/**
 * The signed-in join page as the page shows it. In the mini-program it is part of the page; on H5 it is a chunk of
 * its own (lazy-signed-in.h5.tsx), so a stall link's first load carries only the phone step.
 */
export { default } from './signed-in';

/** Nothing to fetch ahead here: it came with the page. */
export function loadSignedInJoin(): void {}
