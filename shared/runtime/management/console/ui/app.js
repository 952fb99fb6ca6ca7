// The console's shell: hash routes to views, a live refresh every two seconds (only while the tab is
// visible, never while a form is being edited), and the bearer token prompt when the API asks for one.
import { ApiError, setBearerToken } from './api.js';
import { connectorView } from './connector-view.js';
import { connectorsView } from './connectors-view.js';
import { fill, h } from './dom.js';
import { editorView } from './editor-view.js';

const REFRESH_MS = 2000;
const main = document.getElementById('main');
const liveState = document.getElementById('live-state');
const tokenForm = document.getElementById('token-form');
const tokenInput = document.getElementById('token-input');
let current;
let generation = 0;
let refreshing = false;

function navigate(hash) {
  if (window.location.hash === hash) void show();
  else window.location.hash = hash;
}

function viewFor(hash) {
  const [, route = '', argument] = /^#\/([^/]*)\/?(.*)$/.exec(hash) ?? [];
  const name = argument ? decodeURIComponent(argument) : undefined;
  if (route === 'connector' && name !== undefined) return connectorView(name, navigate);
  if (route === 'edit' && name !== undefined) return editorView(name, navigate);
  if (route === 'new') return editorView(undefined, navigate);
  return connectorsView();
}

async function show() {
  generation += 1;
  current = viewFor(window.location.hash);
  document.title = `${current.title} · serverless-connect`;
  fill(main, current.element);
  main.focus({ preventScroll: true });
  await refresh(generation);
}

async function refresh(forGeneration) {
  const view = current;
  refreshing = true;
  try {
    await view.refresh();
    if (forGeneration !== generation) return;
    tokenForm.hidden = true;
    fill(liveState, `Updated ${new Date().toLocaleTimeString('en-GB')}`);
  } catch (error) {
    if (forGeneration !== generation) return;
    if (error instanceof ApiError && error.status === 401) {
      tokenForm.hidden = false;
      fill(liveState, 'A bearer token is required.');
      tokenInput.focus();
      return;
    }
    if (error instanceof ApiError && error.status === 404 && view.title !== 'Connectors') {
      fill(
        main,
        h(
          'section',
          {},
          h('h1', {}, 'Not found'),
          h('p', {}, error.message),
          h('a', { href: '#/' }, 'All connectors'),
        ),
      );
      current = { polls: false, refresh: async () => {} };
      return;
    }
    fill(liveState, h('span', { class: 'error' }, `Refresh failed: ${error.message}`));
  } finally {
    refreshing = false;
  }
}

tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  setBearerToken(tokenInput.value.trim());
  tokenInput.value = '';
  void show();
});

window.addEventListener('hashchange', () => void show());
setInterval(() => {
  if (refreshing || document.hidden || !current || current.polls === false || !tokenForm.hidden) return;
  void refresh(generation);
}, REFRESH_MS);
void show();
