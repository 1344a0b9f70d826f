import { ACCESS, SCIM, call, quote } from './api.js';
import { $ } from './dom.js';

const SEARCHED = ['userName', 'emails.value', 'name.givenName', 'name.familyName', 'externalId'];

/** The users table: SCIM filter, sortBy/sortOrder and startIndex/count paging, all done by the server. */
export class UsersView {
  constructor({ getSession, openUser, onError }) {
    this.getSession = getSession;
    this.openUser = openUser;
    this.onError = onError;
    this.sortBy = 'userName';
    this.sortOrder = 'ascending';
    this.startIndex = 1;
    this.total = 0;
    this.sequence = 0;
    let typing;
    $('search').addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => this.firstPage(), 250);
    });
    for (const id of ['filter-status', 'filter-role', 'filter-organization', 'page-size']) {
      $(id).addEventListener('change', () => this.firstPage());
    }
    $('page-prev').addEventListener('click', () => this.go(-1));
    $('page-next').addEventListener('click', () => this.go(1));
    for (const th of document.querySelectorAll('#users-table th[data-sort]')) {
      th.querySelector('button').addEventListener('click', () => this.sort(th.dataset.sort));
    }
  }

  configure(session) {
    const roles = $('filter-role');
    roles.replaceChildren(new Option('Any role', ''), ...session.catalog.roles.map((r) => new Option(r.display === r.name ? r.name : `${r.display} (${r.name})`, r.name)));
    const organizations = $('filter-organization');
    const known = session.user.organizations ?? session.catalog.organizations;
    organizations.replaceChildren(new Option('Any organization', ''), ...known.map((o) => new Option(o, o)));
    $('add-user').hidden = false;
  }

  get pageSize() {
    return Number($('page-size').value);
  }

  filter() {
    const terms = [];
    const text = $('search').value.trim();
    if (text) terms.push(`(${SEARCHED.map((path) => `${path} co ${quote(text)}`).join(' or ')})`);
    const status = $('filter-status').value;
    if (status) terms.push(`active eq ${status}`);
    const role = $('filter-role').value;
    if (role) terms.push(`${ACCESS}:roles eq ${quote(role)}`);
    const organization = $('filter-organization').value;
    if (organization) terms.push(`${ACCESS}:organizations eq ${quote(organization)}`);
    return terms.join(' and ');
  }

  firstPage() {
    this.startIndex = 1;
    return this.reload();
  }

  go(direction) {
    this.startIndex = Math.max(1, this.startIndex + direction * this.pageSize);
    return this.reload();
  }

  sort(path) {
    this.sortOrder = this.sortBy === path && this.sortOrder === 'ascending' ? 'descending' : 'ascending';
    this.sortBy = path;
    for (const th of document.querySelectorAll('#users-table th[data-sort]')) {
      th.setAttribute('aria-sort', th.dataset.sort === path ? this.sortOrder : 'none');
    }
    return this.firstPage();
  }

  async reload() {
    if (!this.getSession()) return;
    const sequence = ++this.sequence;
    const query = new URLSearchParams({
      startIndex: String(this.startIndex), count: String(this.pageSize), sortBy: this.sortBy, sortOrder: this.sortOrder,
      attributes: `userName,name,emails,active,meta,${ACCESS}:roles,${ACCESS}:organizations`,
    });
    const filter = this.filter();
    if (filter) query.set('filter', filter);
    $('users-table').setAttribute('aria-busy', 'true');
    try {
      const { data } = await call(`${SCIM}/Users?${query}`);
      if (sequence !== this.sequence) return;
      $('users-error').textContent = '';
      this.render(data);
    } catch (error) {
      if (sequence !== this.sequence) return;
      if (!(await this.onError(error))) $('users-error').textContent = error.detail;
    } finally {
      if (sequence === this.sequence) $('users-table').removeAttribute('aria-busy');
    }
  }

  render(list) {
    this.total = list.totalResults;
    const resources = list.Resources ?? [];
    const tbody = $('users-table').querySelector('tbody');
    tbody.replaceChildren(...resources.map((user) => this.row(user)));
    const first = resources.length ? this.startIndex : 0;
    const last = this.startIndex + resources.length - 1;
    $('users-total').textContent = `${list.totalResults} ${list.totalResults === 1 ? 'user' : 'users'}` +
      (resources.length ? ` — showing ${first}–${last}` : '');
    const pages = Math.max(1, Math.ceil(list.totalResults / this.pageSize));
    const page = Math.floor((this.startIndex - 1) / this.pageSize) + 1;
    $('page-info').textContent = `Page ${page} of ${pages}`;
    $('page-prev').disabled = this.startIndex <= 1;
    $('page-next').disabled = last >= list.totalResults;
  }

  row(user) {
    const access = user[ACCESS] ?? {};
    const tr = document.createElement('tr');
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'link';
    open.textContent = user.userName;
    open.setAttribute('aria-label', `Edit ${user.userName}`);
    open.addEventListener('click', () => this.openUser(user.id));
    const name = [user.name?.givenName, user.name?.familyName].filter(Boolean).join(' ');
    const email = (user.emails ?? []).find((e) => e.primary)?.value ?? user.emails?.[0]?.value ?? '';
    const active = user.active !== false;
    const badge = document.createElement('span');
    badge.className = `badge ${active ? 'active' : 'inactive'}`;
    badge.textContent = active ? 'Active' : 'Inactive';
    const cells = [
      ['User name', open],
      ['Name', name],
      ['Email', email],
      ['Roles', (access.roles ?? []).join(', ')],
      ['Organizations', (access.organizations ?? []).join(', ')],
      ['Last changed', user.meta?.lastModified ? new Date(user.meta.lastModified).toLocaleString() : ''],
      ['Status', badge],
    ];
    for (const [label, content] of cells) {
      const td = document.createElement('td');
      td.dataset.label = label;
      td.append(content);
      tr.append(td);
    }
    return tr;
  }
}
