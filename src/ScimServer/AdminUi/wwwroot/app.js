import { BASE, call, setCsrfToken } from './api.js';
import { UsersView } from './users.js';
import { UserPanel } from './user-panel.js';
import { GroupPanel, GroupsView } from './groups.js';
import { AccessView, HistoryPanel } from './access.js';
import { UploadPanel } from './upload.js';
import { TenantsView } from './tenants.js';
import { $ } from './dom.js';

const state = { session: null };

const panel = new UserPanel({ getSession: () => state.session, onChanged: () => users.reload(), announce });
const users = new UsersView({ getSession: () => state.session, openUser: (id) => panel.open(id), onError: handleAuthError });

const groupPanel = new GroupPanel({ announce, onError: handleAuthError });
const groups = new GroupsView({ openGroup: (group) => groupPanel.open(group), onError: handleAuthError });
new UploadPanel({ announce, onError: handleAuthError, onChanged: () => users.reload() });
const history = new HistoryPanel({ onError: handleAuthError });
const access = new AccessView({ onError: handleAuthError, openHistory: (user) => history.open(user) });
const tenants = new TenantsView({ announce, onError: handleAuthError, onChanged: () => refreshSession() });
const VIEWS = {
  users: () => users.reload(), groups: () => groups.reload(), access: () => access.reload(), tenants: () => tenants.reload(),
};
let currentView = 'users';

function showView(name) {
  currentView = name;
  for (const tab of document.querySelectorAll('.view-tab')) {
    if (tab.dataset.view === name) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  for (const view of Object.keys(VIEWS)) $(view).hidden = view !== name;
  VIEWS[name]();
}

for (const tab of document.querySelectorAll('.view-tab')) {
  tab.addEventListener('click', () => showView(tab.dataset.view));
}

function announce(text) {
  $('status').textContent = text;
}

async function handleAuthError(error) {
  if (error.status === 401) {
    await refreshSession(error.detail);
    return true;
  }
  return false;
}

async function refreshSession(message) {
  const { data } = await call(`${BASE}/api/session`);
  applySession(data, message ?? data.message);
}

function applySession(data, message) {
  setCsrfToken(data.csrfToken);
  state.session = data.signedIn ? data : null;
  $('signin').hidden = data.signedIn;
  $('views').hidden = !data.signedIn;
  // Only a Server Administrator manages tenants (the server refuses anybody else).
  const serverAdministrator = Boolean(data.signedIn && data.user.serverAdministrator);
  document.querySelector('.view-tab[data-view="tenants"]').hidden = !serverAdministrator;
  if (!serverAdministrator && currentView === 'tenants') {
    currentView = 'users';
    for (const tab of document.querySelectorAll('.view-tab')) tab.toggleAttribute('aria-current', tab.dataset.view === 'users');
    document.querySelector('.view-tab[data-view="users"]').setAttribute('aria-current', 'page');
  }
  for (const view of Object.keys(VIEWS)) $(view).hidden = !data.signedIn || view !== currentView;
  $('session-bar').hidden = !data.signedIn;
  if (!data.signedIn) {
    if (message) $('signin-error').textContent = message;
    $('signin-username').focus();
    return;
  }
  const user = data.user;
  $('whoami').textContent = `${user.name} — ${user.role}${user.organizations?.length ? ` (${user.organizations.join(', ')})` : ''}`;
  const switcher = $('tenant-switch');
  switcher.replaceChildren(...data.tenants.map((t) => new Option(t, t, t === data.tenant, t === data.tenant)));
  switcher.disabled = data.tenants.length < 2;
  users.configure(data);
  access.configure(data);
  tenants.configure(data);
  VIEWS[currentView]();
}

async function signIn(body, errorElement) {
  errorElement.textContent = '';
  try {
    const { data } = await call(`${BASE}/api/session`, { method: 'POST', body });
    $('signin-password').value = '';
    $('signin-token').value = '';
    announce(`Signed in as ${data.user.name}.`);
    applySession(data);
    $('search').focus();
  } catch (error) {
    errorElement.textContent = error.detail;
    if (error.status === 400 && /antiforgery/.test(error.detail)) await refreshSession();
  }
}

$('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  signIn({ tenant: $('signin-tenant').value, userName: $('signin-username').value, password: $('signin-password').value }, $('signin-error'));
});

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  signIn({ token: $('signin-token').value }, $('token-error'));
});

$('sign-out').addEventListener('click', async () => {
  try { await call(`${BASE}/api/session`, { method: 'DELETE' }); } catch { /* the session is ended either way */ }
  announce('Signed out.');
  await refreshSession();
});

$('tenant-switch').addEventListener('change', async (event) => {
  try {
    const { data } = await call(`${BASE}/api/session/tenant`, { method: 'PUT', body: { tenant: event.target.value } });
    announce(`Now managing tenant ${data.tenant}.`);
    applySession(data);
  } catch (error) {
    announce(error.detail);
  }
});

refreshSession().catch((error) => announce(error.detail ?? String(error)));
