import { BASE, call } from './api.js';
import { $, cell, button } from './dom.js';

const API = `${BASE}/api/tenants`;

const when = (text) => (text ? new Date(text).toLocaleString() : '');

/**
 * The server's tenants, for a Server Administrator: the admin API's rules behind the page's session
 * (/admin/ui/api/tenants), so the server refuses anybody else whatever this view shows.
 */
export class TenantsView {
  constructor({ announce, onError, onChanged }) {
    this.announce = announce;
    this.onError = onError;
    this.onChanged = onChanged;
    this.session = null;
    this.pending = null;
    this.tokens = new TokensPanel({ announce, onError });
    $('tenant-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.create();
    });
    $('confirm-tenant-no').addEventListener('click', () => $('confirm-tenant-delete').close());
    $('confirm-tenant-yes').addEventListener('click', () => this.remove());
  }

  configure(session) {
    this.session = session;
  }

  async reload() {
    try {
      const { data } = await call(API);
      $('tenants-error').textContent = '';
      this.render(data.tenants ?? []);
    } catch (error) {
      if (!(await this.onError(error))) $('tenants-error').textContent = error.detail;
    }
  }

  render(tenants) {
    const session = this.session;
    $('tenants-table').querySelector('tbody').replaceChildren(...tenants.map((tenant) => {
      const tr = document.createElement('tr');
      const own = tenant.id === session?.user.signInTenant || tenant.id === session?.tenant;
      const actions = document.createElement('div');
      actions.className = 'actions';
      actions.append(button('Tokens', 'secondary', `Tokens of tenant ${tenant.id}`, () => this.tokens.open(tenant)));
      if (!own) actions.append(button('Delete', 'danger', `Delete tenant ${tenant.id}`, () => this.confirmDelete(tenant)));
      tr.append(
        cell('Id', tenant.id),
        cell('Name', tenant.name),
        cell('Created', when(tenant.created)),
        cell('Actions', actions));
      return tr;
    }));
    $('tenants-total').textContent = `${tenants.length} ${tenants.length === 1 ? 'tenant' : 'tenants'}`;
  }

  async create() {
    const id = $('t-id').value.trim();
    const body = { id };
    if ($('t-name').value.trim()) body.name = $('t-name').value.trim();
    if ($('t-first-admin').value.trim()) body.firstAdmin = { userName: $('t-first-admin').value.trim() };
    $('tenant-form-error').textContent = '';
    $('t-id').removeAttribute('aria-invalid');
    try {
      const { data } = await call(API, { method: 'POST', body });
      $('tenant-form').reset();
      this.announce(`Created tenant ${data.id}${data.firstAdmin ? ` with ${data.firstAdmin.userName} as its administrator` : ''}.`);
      await this.reload();
      this.onChanged();
    } catch (error) {
      if (await this.onError(error)) return;
      $('tenant-form-error').textContent = error.detail;
      if (/'id'/.test(error.detail ?? '') || error.status === 409) $('t-id').setAttribute('aria-invalid', 'true');
      $('t-id').focus();
    }
  }

  confirmDelete(tenant) {
    this.pending = tenant;
    $('confirm-tenant-title').textContent = `Delete tenant ${tenant.id}`;
    $('confirm-tenant-text').textContent = `Delete tenant ${tenant.id} (${tenant.name})? This cannot be undone: its users, groups and tokens are removed (its audit log is kept).`;
    $('confirm-tenant-error').textContent = '';
    $('confirm-tenant-delete').showModal();
  }

  async remove() {
    const tenant = this.pending;
    try {
      await call(`${API}/${encodeURIComponent(tenant.id)}`, { method: 'DELETE' });
      $('confirm-tenant-delete').close();
      this.announce(`Deleted tenant ${tenant.id}.`);
      await this.reload();
      this.onChanged();
    } catch (error) {
      if (!(await this.onError(error))) $('confirm-tenant-error').textContent = error.detail;
    }
  }
}

/** A tenant's bearer tokens: created (the secret shown once, in this panel only) and revoked. */
class TokensPanel {
  constructor({ announce, onError }) {
    this.announce = announce;
    this.onError = onError;
    this.tenant = null;
    this.dialog = $('tokens-panel');
    $('tokens-close').addEventListener('click', () => this.dialog.close());
    // The secret must not outlive the panel: it is never read back from the server.
    this.dialog.addEventListener('close', () => this.hideSecret());
    $('token-create-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.create();
    });
  }

  async open(tenant) {
    this.tenant = tenant;
    $('tokens-title').textContent = `Tokens of tenant ${tenant.id}`;
    $('tokens-error').textContent = '';
    $('tokens-status').textContent = '';
    $('token-name').value = '';
    this.hideSecret();
    if (!this.dialog.open) this.dialog.showModal();
    $('token-name').focus();
    await this.reload();
  }

  hideSecret() {
    $('token-secret').value = '';
    $('token-secret-box').hidden = true;
  }

  async reload() {
    try {
      const { data } = await call(`${BASE}/api/tenants/${encodeURIComponent(this.tenant.id)}/tokens`);
      this.render(data.tokens ?? []);
    } catch (error) {
      if (!(await this.onError(error))) $('tokens-error').textContent = error.detail;
    }
  }

  render(tokens) {
    $('tokens-table').querySelector('tbody').replaceChildren(...tokens.map((token) => {
      const tr = document.createElement('tr');
      const status = token.revoked ? `Revoked ${when(token.revoked)}` : token.expires ? `Expires ${when(token.expires)}` : 'Active';
      tr.append(
        cell('Name', token.name),
        cell('Created', when(token.created)),
        cell('Status', status),
        cell('Actions', token.revoked ? '' : button('Revoke', 'danger', `Revoke token ${token.name}`, () => this.revoke(token))));
      return tr;
    }));
  }

  async create() {
    $('tokens-error').textContent = '';
    try {
      const { data } = await call(`${BASE}/api/tenants/${encodeURIComponent(this.tenant.id)}/tokens`, {
        method: 'POST', body: { name: $('token-name').value.trim() },
      });
      $('token-name').value = '';
      $('token-secret').value = data.token;
      $('token-secret-box').hidden = false;
      $('token-secret').focus();
      $('token-secret').select();
      const done = `Created token ${data.name} for tenant ${this.tenant.id}: copy its secret now, it is not shown again.`;
      $('tokens-status').textContent = done;
      this.announce(done);
      await this.reload();
    } catch (error) {
      if (!(await this.onError(error))) $('tokens-error').textContent = error.detail;
    }
  }

  async revoke(token) {
    $('tokens-error').textContent = '';
    try {
      await call(`${BASE}/api/tenants/${encodeURIComponent(this.tenant.id)}/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
      const done = `Revoked token ${token.name} of tenant ${this.tenant.id}.`;
      $('tokens-status').textContent = done;
      this.announce(done);
      await this.reload();
    } catch (error) {
      if (!(await this.onError(error))) $('tokens-error').textContent = error.detail;
    }
  }
}
