import './zod-setup';
import type { PropsWithChildren } from 'react';
import './app.scss';

function App({ children }: PropsWithChildren) {
  // children is the page being shown.
  return children;
}

export default App;
