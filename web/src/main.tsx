import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { startPlayground } from './app/start';
import './index.css';
import { useTranscriptStore } from './stores/transcript-store';

// `npm run bench:web` opens the page with ?bench to append 100 000 lines quickly.
if (new URLSearchParams(window.location.search).has('bench')) Object.assign(window, { __transcript: useTranscriptStore });

startPlayground();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
