import './zod-setup';
import type { PropsWithChildren } from 'react';
import { onSignedOut } from './api/auth-events';
import { goToLogin } from './lib/navigation';
import './app.scss';

// A request that finds the session gone sends the user to log in, from any page.
onSignedOut(() => goToLogin());

function App({ children }: PropsWithChildren) {
  // children is the page being shown.
  return children;
}

export default App;
