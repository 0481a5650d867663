import { type PropsWithChildren } from 'react';
import './app.scss';

/** The app shell: every page renders inside it; nothing global happens at launch. */
function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
