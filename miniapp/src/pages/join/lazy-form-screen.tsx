/**
 * The join form as the page shows it. In the mini-program it is part of the page; on H5 it is a chunk of its own
 * (lazy-form-screen.h5.tsx), so a stall link's first load carries only the phone step.
 */
export { default } from './form-screen';

/** Nothing to fetch ahead here: the form came with the page. */
export function loadFormScreen(): void {}
