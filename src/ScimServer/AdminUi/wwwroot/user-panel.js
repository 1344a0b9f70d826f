import { ACCESS, CORE_USER, SCIM, call } from './api.js';
import { $ } from './dom.js';

const FIELDS = ['userName', 'email', 'roles', 'organizations', 'serviceAccount', 'password'];

/** Which field a SCIM error's detail concerns, so that it is shown beside that field. */
function fieldOf(detail) {
  if (/service account|serviceAccount|homeTenant/i.test(detail)) return 'serviceAccount';
  if (/organi[sz]ation/i.test(detail)) return 'organizations';
  if (/\brole/i.test(detail)) return 'roles';
  if (/password/i.test(detail)) return 'password';
  if (/userName/i.test(detail)) return 'userName';
  if (/email/i.test(detail)) return 'email';
  return null;
}

/** The user panel: profile, roles, organizations, service account, active, password, delete. */
export class UserPanel {
  constructor({ getSession, onChanged, announce }) {
    this.getSession = getSession;
    this.onChanged = onChanged;
    this.announce = announce;
    this.user = null;
    this.etag = null;
    this.dialog = $('user-panel');
    $('user-form').addEventListener('submit', (event) => { event.preventDefault(); this.save(); });
    $('panel-close').addEventListener('click', () => this.close());
    $('u-cancel').addEventListener('click', () => this.close());
    $('u-set-password').addEventListener('click', () => this.setPassword());
    $('u-delete').addEventListener('click', () => this.confirmDelete());
    $('confirm-no').addEventListener('click', () => $('confirm-delete').close());
    $('confirm-yes').addEventListener('click', () => this.remove());
    $('u-serviceAccount').addEventListener('change', () => this.refreshServiceAccount());
    $('u-organizations-list').addEventListener('change', () => this.refreshPrimary());
    $('u-organizations-text').addEventListener('input', () => this.refreshPrimary());
    $('u-roles-list').addEventListener('change', () => { this.refreshRoles(); this.refreshServiceAccount(); });
    document.addEventListener('click', (event) => {
      if (event.target.matches?.('#add-user')) this.open(null);
    });
  }

  async open(id) {
    this.clearErrors();
    const session = this.getSession();
    if (id) {
      try {
        const { data, etag } = await call(`${SCIM}/Users/${encodeURIComponent(id)}`);
        this.user = data;
        this.etag = etag;
      } catch (error) {
        this.announce(error.detail);
        return;
      }
    } else {
      this.user = null;
      this.etag = null;
    }
    this.fill(session);
    if (!this.dialog.open) this.dialog.showModal();
    $('u-userName').focus();
  }

  close() {
    this.dialog.close();
  }

  fill(session) {
    const user = this.user ?? { active: true, [ACCESS]: { roles: [...session.catalog.defaultRoles], organizations: session.user.organizations?.slice(0, 1) ?? [] } };
    const access = user[ACCESS] ?? {};
    $('panel-title').textContent = this.user ? `Edit ${user.userName}` : 'Add user';
    $('u-userName').value = user.userName ?? '';
    $('u-givenName').value = user.name?.givenName ?? '';
    $('u-middleName').value = user.name?.middleName ?? '';
    $('u-familyName').value = user.name?.familyName ?? '';
    $('u-email').value = this.workEmail(user)?.value ?? '';
    $('u-externalId').value = user.externalId ?? '';
    $('u-defaultPage').value = access.defaultPage ?? '';
    $('u-active').checked = user.active !== false;

    const held = new Set(access.roles ?? []);
    $('u-roles-list').replaceChildren(...session.catalog.roles.map((role, i) => this.check(`u-role-${i}`, role.name,
      role.display === role.name ? role.name : `${role.display} (${role.name})`, held.has(role.name), { eligible: role.serviceAccountEligible })));
    this.refreshRoles();

    const organizations = access.organizations ?? [];
    const offered = session.user.organizations ?? session.catalog.organizations;
    const listed = [...new Set([...offered, ...organizations])];
    const freeText = listed.length === 0 && session.catalog.organizations.length === 0 && !session.user.organizations;
    $('u-organizations-text-field').hidden = !freeText;
    $('u-organizations-text').value = organizations.join(', ');
    $('u-organizations-list').replaceChildren(...listed.map((o, i) => this.check(`u-org-${i}`, o, o, organizations.includes(o),
      { disabled: session.user.organizations ? !session.user.organizations.includes(o) : false })));
    this.primary = access.primaryOrganization ?? null;
    this.refreshPrimary();

    const tenants = [...new Set([session.tenant, ...session.tenants, access.serviceAccount?.homeTenant].filter(Boolean))];
    $('u-homeTenant').replaceChildren(...tenants.map((t) => new Option(t, t, false, t === (access.serviceAccount?.homeTenant ?? session.tenant))));
    $('u-serviceAccount').checked = access.serviceAccount?.enabled === true;
    this.refreshServiceAccount();

    $('u-password-section').hidden = !this.user;
    $('u-delete-section').hidden = !this.user;
    $('u-password').value = '';
  }

  check(id, value, text, checked, { eligible = false, disabled = false } = {}) {
    const wrap = document.createElement('div');
    wrap.className = 'check';
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.id = id;
    input.value = value;
    input.checked = checked;
    input.disabled = disabled;
    if (eligible) input.dataset.eligible = 'true';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = text;
    wrap.append(input, label);
    return wrap;
  }

  checked(listId) {
    return [...$(listId).querySelectorAll('input:checked')].map((i) => i.value);
  }

  organizations() {
    return $('u-organizations-text-field').hidden
      ? this.checked('u-organizations-list')
      : $('u-organizations-text').value.split(',').map((o) => o.trim()).filter(Boolean);
  }

  /** The last role cannot be removed (every user holds at least one): its box is locked while it is the only one. */
  refreshRoles() {
    const boxes = [...$('u-roles-list').querySelectorAll('input')];
    const held = boxes.filter((b) => b.checked);
    for (const box of boxes) {
      box.disabled = held.length === 1 && box.checked;
      box.title = box.disabled ? 'A user keeps at least one role' : '';
    }
  }

  refreshPrimary() {
    const organizations = this.organizations();
    const current = organizations.includes($('u-primaryOrganization').value) ? $('u-primaryOrganization').value : this.primary;
    const primary = organizations.includes(current) ? current : organizations[0];
    $('u-primaryOrganization').replaceChildren(...organizations.map((o) => new Option(o, o, false, o === primary)));
    $('u-primaryOrganization').disabled = organizations.length === 0;
  }

  /** The switch is offered only with an eligible role; the server checks it again (and its refusal is shown). */
  refreshServiceAccount() {
    const eligible = [...$('u-roles-list').querySelectorAll('input[data-eligible]:checked')].length > 0;
    const enabled = $('u-serviceAccount').checked;
    $('u-sa-ineligible').hidden = eligible || enabled;
    $('u-sa-field').hidden = !eligible && !enabled;
    $('u-homeTenant-field').hidden = !enabled;
  }

  workEmail(user) {
    return (user.emails ?? []).find((e) => e.type === 'work') ?? (user.emails ?? []).find((e) => e.primary) ?? user.emails?.[0];
  }

  /** The edited user: the whole stored representation with the panel's fields changed, so a PUT keeps the rest. */
  document() {
    const user = structuredClone(this.user ?? { schemas: [CORE_USER, ACCESS] });
    delete user.meta;
    delete user.groups;
    user.schemas = [...new Set([...(user.schemas ?? []), CORE_USER, ACCESS])];
    user.userName = $('u-userName').value.trim();
    user.name = { ...(user.name ?? {}), givenName: $('u-givenName').value.trim() || undefined,
      middleName: $('u-middleName').value.trim() || undefined, familyName: $('u-familyName').value.trim() || undefined };
    delete user.name.formatted;
    const email = $('u-email').value.trim();
    const emails = (user.emails ?? []).filter((e) => e !== this.workEmail(user));
    if (email) emails.unshift({ value: email, type: 'work', primary: true });
    user.emails = emails.map((e, i) => ({ ...e, primary: i === 0 }));
    user.externalId = $('u-externalId').value.trim() || undefined;
    user.active = $('u-active').checked;
    const access = { ...(user[ACCESS] ?? {}) };
    access.roles = this.checked('u-roles-list');
    if (Array.isArray(user.roles)) user.roles = access.roles.map((value) => ({ value }));
    access.organizations = this.organizations();
    access.primaryOrganization = $('u-primaryOrganization').value || undefined;
    access.defaultPage = $('u-defaultPage').value.trim() || undefined;
    access.serviceAccount = $('u-serviceAccount').checked
      ? { enabled: true, homeTenant: $('u-homeTenant').value }
      : { enabled: false };
    user[ACCESS] = access;
    return user;
  }

  async save() {
    this.clearErrors();
    const body = this.document();
    try {
      if (this.user) {
        const { data, etag } = await call(`${SCIM}/Users/${encodeURIComponent(this.user.id)}`, {
          method: 'PUT', body, headers: this.etag ? { 'If-Match': this.etag } : {},
        });
        this.user = data;
        this.etag = etag;
        this.announce(`Saved ${data.userName}.`);
      } else {
        const { data, etag } = await call(`${SCIM}/Users`, { method: 'POST', body });
        this.user = data;
        this.etag = etag;
        this.announce(`Added ${data.userName}.`);
      }
      this.close();
      this.onChanged();
    } catch (error) {
      this.showError(error);
    }
  }

  async setPassword() {
    this.clearErrors();
    const value = $('u-password').value;
    if (!value) {
      this.showError({ detail: 'Enter the new password.' }, 'password');
      return;
    }
    try {
      const { etag } = await call(`${SCIM}/Users/${encodeURIComponent(this.user.id)}`, {
        method: 'PATCH',
        body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'password', value }] },
      });
      this.etag = etag ?? this.etag;
      $('u-password').value = '';
      this.announce(`Password set for ${this.user.userName}.`);
    } catch (error) {
      this.showError(error, 'password');
    }
  }

  confirmDelete() {
    $('confirm-text').textContent = `Delete ${this.user.userName}? This cannot be undone: the user is removed from the tenant (the audit log keeps its history).`;
    $('confirm-title').textContent = `Delete ${this.user.userName}`;
    $('confirm-error').textContent = '';
    $('confirm-delete').showModal();
  }

  async remove() {
    const name = this.user.userName;
    try {
      await call(`${SCIM}/Users/${encodeURIComponent(this.user.id)}`, { method: 'DELETE' });
      $('confirm-delete').close();
      this.close();
      this.announce(`Deleted ${name}.`);
      this.onChanged();
    } catch (error) {
      $('confirm-error').textContent = error.detail;
    }
  }

  clearErrors() {
    $('panel-error').textContent = '';
    for (const field of FIELDS) $(`err-${field}`).textContent = '';
    for (const input of this.dialog.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  }

  showError(error, field = fieldOf(error.detail ?? '')) {
    const target = field ? $(`err-${field}`) : $('panel-error');
    target.textContent = error.detail;
    const input = { userName: 'u-userName', email: 'u-email', password: 'u-password' }[field];
    if (input) $(input).setAttribute('aria-invalid', 'true');
    target.scrollIntoView?.({ block: 'nearest' });
  }
}
