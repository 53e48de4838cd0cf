/**
 * The client is the floor of the mini-program: it never navigates. When a request finds the session
 * gone, it says so here, and the app shell (app.ts) decides what the user sees (the login page).
 */
type Listener = () => void;
const listeners = new Set<Listener>();

export function onSignedOut(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function announceSignedOut(): void {
  for (const listener of [...listeners]) listener();
}
