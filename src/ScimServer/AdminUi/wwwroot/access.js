import { ACCESS, BASE, SCIM, call, quote } from './api.js';
import { $, cell } from './dom.js';

const PAGE = 25;
const EXPORT_PAGE = 500;
const COLUMNS = ['userName', 'displayName', 'role', 'organization', 'active'];

/** One CSV field (RFC 4180), with a leading formula character neutralised so a spreadsheet shows it as text. */
function csvField(value) {
  let text = String(value ?? '');
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Access review: one row per user × role × organization (a user without an organization gives one row per role),
 * narrowed by the server's filter on roles and organizations, so the rows of one page are those of a page of users.
 * The export reads every page of the same query, so the file holds every matching row, not only the page shown.
 */
export class AccessView {
  constructor({ onError, openHistory }) {
    this.onError = onError;
    this.openHistory = openHistory;
    this.startIndex = 1;
    this.sequence = 0;
    $('access-role').addEventListener('change', () => { this.startIndex = 1; this.reload(); });
    let typing;
    $('access-organization').addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => { this.startIndex = 1; this.reload(); }, 250);
    });
    $('access-prev').addEventListener('click', () => { this.startIndex = Math.max(1, this.startIndex - PAGE); this.reload(); });
    $('access-next').addEventListener('click', () => { this.startIndex += PAGE; this.reload(); });
    $('access-export').addEventListener('click', () => this.export());
  }

  configure(session) {
    $('access-role').replaceChildren(new Option('Any role', ''), ...session.catalog.roles.map((r) => new Option(r.name, r.name)));
    const known = session.user.organizations ?? session.catalog.organizations;
    $('access-organizations').replaceChildren(...known.map((o) => new Option(o, o)));
  }

  query(startIndex, count) {
    const terms = [];
    const role = $('access-role').value;
    if (role) terms.push(`${ACCESS}:roles eq ${quote(role)}`);
    const organization = $('access-organization').value.trim();
    if (organization) terms.push(`${ACCESS}:organizations eq ${quote(organization)}`);
    const query = new URLSearchParams({
      startIndex: String(startIndex), count: String(count), sortBy: 'userName',
      attributes: `userName,displayName,name,active,${ACCESS}:roles,${ACCESS}:organizations`,
    });
    if (terms.length) query.set('filter', terms.join(' and '));
    return query;
  }

  rowsOf(user) {
    const access = user[ACCESS] ?? {};
    const role = $('access-role').value;
    const organization = $('access-organization').value.trim();
    const roles = (access.roles ?? []).filter((r) => !role || r === role);
    const organizations = (access.organizations ?? []).filter((o) => !organization || o === organization);
    const displayName = user.displayName ?? [user.name?.givenName, user.name?.familyName].filter(Boolean).join(' ');
    const rows = [];
    for (const r of roles) {
      for (const o of organizations.length ? organizations : ['']) {
        rows.push({ id: user.id, userName: user.userName, displayName, role: r, organization: o, active: user.active !== false });
      }
    }
    return rows;
  }

  async reload() {
    const sequence = ++this.sequence;
    try {
      const { data } = await call(`${SCIM}/Users?${this.query(this.startIndex, PAGE)}`);
      if (sequence !== this.sequence) return;
      $('access-error').textContent = '';
      this.render(data);
    } catch (error) {
      if (sequence !== this.sequence) return;
      if (!(await this.onError(error))) $('access-error').textContent = error.detail;
    }
  }

  render(list) {
    const users = list.Resources ?? [];
    $('access-table').querySelector('tbody').replaceChildren(...users.flatMap((user) => this.rowsOf(user)).map((row) => {
      const tr = document.createElement('tr');
      const history = document.createElement('button');
      history.type = 'button';
      history.className = 'link';
      history.textContent = row.userName;
      history.setAttribute('aria-label', `History of ${row.userName}`);
      history.addEventListener('click', () => this.openHistory(row));
      tr.append(cell('User name', history), cell('Name', row.displayName), cell('Role', row.role),
        cell('Organization', row.organization || '(none)'), cell('Status', row.active ? 'Active' : 'Inactive'));
      return tr;
    }));
    const last = this.startIndex + users.length - 1;
    $('access-total').textContent = `${list.totalResults} ${list.totalResults === 1 ? 'user' : 'users'}` +
      (users.length ? ` — showing users ${this.startIndex}–${last}` : '');
    $('access-page-info').textContent = `Page ${Math.floor((this.startIndex - 1) / PAGE) + 1} of ${Math.max(1, Math.ceil(list.totalResults / PAGE))}`;
    $('access-prev').disabled = this.startIndex <= 1;
    $('access-next').disabled = last >= list.totalResults;
  }

  async export() {
    const button = $('access-export');
    button.disabled = true;
    $('access-error').textContent = '';
    try {
      const lines = [COLUMNS.join(',')];
      for (let startIndex = 1; ; startIndex += EXPORT_PAGE) {
        const { data } = await call(`${SCIM}/Users?${this.query(startIndex, EXPORT_PAGE)}`);
        const users = data.Resources ?? [];
        for (const row of users.flatMap((user) => this.rowsOf(user))) {
          lines.push(COLUMNS.map((c) => csvField(row[c])).join(','));
        }
        if (users.length === 0 || startIndex + users.length > data.totalResults) break;
      }
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' }));
      link.download = 'access-review.csv';
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      $('access-status').textContent = `Exported ${lines.length - 1} ${lines.length === 2 ? 'row' : 'rows'}.`;
    } catch (error) {
      if (!(await this.onError(error))) $('access-error').textContent = error.detail;
    } finally {
      button.disabled = false;
    }
  }
}

/** A user's history from the tenant's audit log (the page's own endpoint, limited like SCIM to the signed-in scope). */
export class HistoryPanel {
  constructor({ onError }) {
    this.onError = onError;
    this.dialog = $('history-panel');
    $('history-close').addEventListener('click', () => this.dialog.close());
    $('history-more').addEventListener('click', () => this.load(this.next));
  }

  async open(user) {
    this.user = user;
    $('history-title').textContent = `History of ${user.userName}`;
    $('history-table').querySelector('tbody').replaceChildren();
    $('history-error').textContent = '';
    if (!this.dialog.open) this.dialog.showModal();
    $('history-close').focus();
    await this.load(0);
  }

  async load(after) {
    try {
      const { data } = await call(`${BASE}/api/users/${encodeURIComponent(this.user.id)}/audit?after=${after}`);
      const tbody = $('history-table').querySelector('tbody');
      tbody.append(...data.entries.map((entry) => {
        const tr = document.createElement('tr');
        tr.append(cell('When', new Date(entry.at).toLocaleString()), cell('Who', entry.actor), cell('What', entry.operation),
          cell('Details', entry.summary ?? ''));
        return tr;
      }));
      this.next = data.next;
      $('history-more').hidden = data.next === undefined;
      $('history-total').textContent = `${tbody.children.length} ${tbody.children.length === 1 ? 'entry' : 'entries'}`;
    } catch (error) {
      if (!(await this.onError(error))) $('history-error').textContent = error.detail;
    }
  }
}
