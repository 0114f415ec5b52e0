import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/context.tsx';
import { pickTransport } from './api/transport.ts';
import { App } from './App.tsx';
import { JobsProvider } from './features/progress/JobsProvider.tsx';
import './styles/base.css';
import './styles/layout.css';
import './styles/features.css';
import './styles/search.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

const { api, kind } = pickTransport();
createRoot(container).render(
  <StrictMode>
    <ApiProvider api={api} kind={kind}>
      <JobsProvider>
        <App />
      </JobsProvider>
    </ApiProvider>
  </StrictMode>,
);
