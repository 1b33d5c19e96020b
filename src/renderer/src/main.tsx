/**
 * Renderer entry. The stores subscribe to `window.keywarden` when their modules load, so the app
 * is imported only once the bridge is there (the preload installs it before any script runs; the
 * browser harness's bridge script may land a moment later).
 */
import './styles/theme.css';
import './styles/layout.css';
import './styles/table.css';
import './styles/dialogs.css';
import './styles/views.css';
import './styles/audit.css';
import './styles/targets.css';
import './styles/rotation.css';

const BRIDGE_WAIT_MS = 5000;

async function bridgeReady(): Promise<boolean> {
  const started = performance.now();
  while (!('keywarden' in window)) {
    if (performance.now() - started > BRIDGE_WAIT_MS) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

async function start(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) return;
  if (!(await bridgeReady())) {
    root.innerHTML =
      '<div class="fatal" role="alert"><h1>Keywarden could not start</h1><p>The connection to the Keywarden core is missing. Restart the app; if you use the browser harness, open the address it printed, with its token.</p></div>';
    return;
  }
  const [{ createRoot }, { StrictMode, createElement }, { App }] = await Promise.all([
    import('react-dom/client'),
    import('react'),
    import('./App.tsx'),
  ]);
  createRoot(root).render(createElement(StrictMode, null, createElement(App)));
}

void start();
