import { BASE, SCIM, call, quote } from './api.js';
import { $, cell, button } from './dom.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const PAGE = 25;
const CANDIDATE_SEARCH = ['userName', 'emails.value', 'name.givenName', 'name.familyName'];

/** The groups table: displayName search, paged and counted by the server; members never loaded with the list. */
export class GroupsView {
  constructor({ openGroup, onError }) {
    this.openGroup = openGroup;
    this.onError = onError;
    this.startIndex = 1;
    this.sequence = 0;
    let typing;
    $('group-search').addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => { this.startIndex = 1; this.reload(); }, 250);
    });
    $('groups-prev').addEventListener('click', () => { this.startIndex = Math.max(1, this.startIndex - PAGE); this.reload(); });
    $('groups-next').addEventListener('click', () => { this.startIndex += PAGE; this.reload(); });
  }

  async reload() {
    const sequence = ++this.sequence;
    const query = new URLSearchParams({
      startIndex: String(this.startIndex), count: String(PAGE), sortBy: 'displayName', excludedAttributes: 'members',
    });
    const text = $('group-search').value.trim();
    if (text) query.set('filter', `displayName co ${quote(text)}`);
    try {
      const { data } = await call(`${SCIM}/Groups?${query}`);
      if (sequence !== this.sequence) return;
      $('groups-error').textContent = '';
      this.render(data);
    } catch (error) {
      if (sequence !== this.sequence) return;
      if (!(await this.onError(error))) $('groups-error').textContent = error.detail;
    }
  }

  render(list) {
    const resources = list.Resources ?? [];
    $('groups-table').querySelector('tbody').replaceChildren(...resources.map((group) => {
      const tr = document.createElement('tr');
      tr.append(
        cell('Display name', button(group.displayName, 'link', `Open group ${group.displayName}`, () => this.openGroup(group))),
        cell('External id', group.externalId ?? ''),
        cell('Last changed', group.meta?.lastModified ? new Date(group.meta.lastModified).toLocaleString() : ''));
      return tr;
    }));
    const last = this.startIndex + resources.length - 1;
    $('groups-total').textContent = `${list.totalResults} ${list.totalResults === 1 ? 'group' : 'groups'}` +
      (resources.length ? ` — showing ${this.startIndex}–${last}` : '');
    $('groups-page-info').textContent = `Page ${Math.floor((this.startIndex - 1) / PAGE) + 1} of ${Math.max(1, Math.ceil(list.totalResults / PAGE))}`;
    $('groups-prev').disabled = this.startIndex <= 1;
    $('groups-next').disabled = last >= list.totalResults;
  }
}

/**
 * A group's members, paged by the server: a list of Users filtered on `groups.value eq "<group id>"` (an index seek on
 * the membership edges), never the group's `members` attribute, which would carry every member of a group of 20,000
 * at once. That filter also finds users in the group through a nested group; those are shown as such and cannot be
 * removed here (they leave with the nested group). The groups that are members (type Group) come from the page's
 * own endpoint, which reads only the group's edges to groups. Adding and removing a user or a group is a PATCH of the
 * group (RFC 7644 §3.5.2).
 */
export class GroupPanel {
  constructor({ announce, onError }) {
    this.announce = announce;
    this.onError = onError;
    this.group = null;
    this.startIndex = 1;
    this.sequence = 0;
    this.candidateSequence = 0;
    this.dialog = $('group-panel');
    $('group-close').addEventListener('click', () => this.dialog.close());
    $('members-prev').addEventListener('click', () => { this.startIndex = Math.max(1, this.startIndex - PAGE); this.reload(); });
    $('members-next').addEventListener('click', () => { this.startIndex += PAGE; this.reload(); });
    let typing;
    $('member-search').addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => this.findCandidates(), 250);
    });
  }

  async open(group) {
    this.group = group;
    this.startIndex = 1;
    this.memberGroups = [];
    $('group-title').textContent = `Group ${group.displayName}`;
    $('group-error').textContent = '';
    $('group-status').textContent = '';
    $('member-search').value = '';
    $('member-candidates').replaceChildren();
    if (!this.dialog.open) this.dialog.showModal();
    $('member-search').focus();
    await Promise.all([this.reload(), this.reloadGroups()]);
  }

  async reloadGroups() {
    const group = this.group;
    try {
      const { data } = await call(`${BASE}/api/groups/${encodeURIComponent(group.id)}/member-groups`);
      if (group !== this.group) return;
      this.memberGroups = data.groups ?? [];
      this.renderGroups();
    } catch (error) {
      if (!(await this.onError(error))) $('group-error').textContent = error.detail;
    }
  }

  renderGroups() {
    const groups = this.memberGroups;
    $('member-groups-table').hidden = groups.length === 0;
    $('member-groups-table').querySelector('tbody').replaceChildren(...groups.map((member) => {
      const tr = document.createElement('tr');
      tr.append(
        cell('Display name', member.display ?? member.value),
        cell('Type', 'Group'),
        cell('Actions', button('Remove', 'secondary', `Remove group ${member.display} from the group`, () => this.removeGroup(member))));
      return tr;
    }));
    $('member-groups-total').textContent = groups.length === 0 ? 'No member groups'
      : `${groups.length} member ${groups.length === 1 ? 'group' : 'groups'} (their users are listed below as through a nested group)`;
  }

  async reload() {
    const sequence = ++this.sequence;
    const query = new URLSearchParams({
      startIndex: String(this.startIndex), count: String(PAGE), sortBy: 'userName',
      filter: `groups.value eq ${quote(this.group.id)}`, attributes: 'userName,name,groups',
    });
    try {
      const { data } = await call(`${SCIM}/Users?${query}`);
      if (sequence !== this.sequence) return;
      this.render(data);
    } catch (error) {
      if (sequence !== this.sequence) return;
      if (!(await this.onError(error))) $('group-error').textContent = error.detail;
    }
  }

  render(list) {
    const resources = list.Resources ?? [];
    $('members-table').querySelector('tbody').replaceChildren(...resources.map((user) => {
      const direct = (user.groups ?? []).some((g) => g.value === this.group.id && g.type !== 'indirect');
      const tr = document.createElement('tr');
      tr.append(
        cell('User name', user.userName),
        cell('Name', [user.name?.givenName, user.name?.familyName].filter(Boolean).join(' ')),
        cell('Membership', direct ? 'Direct' : 'Through a nested group'),
        cell('Actions', direct ? button('Remove', 'secondary', `Remove ${user.userName} from the group`, () => this.remove(user)) : ''));
      return tr;
    }));
    const last = this.startIndex + resources.length - 1;
    $('members-total').textContent = `${list.totalResults} ${list.totalResults === 1 ? 'member' : 'members'}` +
      (resources.length ? ` — showing ${this.startIndex}–${last}` : '');
    $('members-page-info').textContent = `Page ${Math.floor((this.startIndex - 1) / PAGE) + 1} of ${Math.max(1, Math.ceil(list.totalResults / PAGE))}`;
    $('members-prev').disabled = this.startIndex <= 1;
    $('members-next').disabled = last >= list.totalResults;
  }

  async findCandidates() {
    const text = $('member-search').value.trim();
    const sequence = ++this.candidateSequence;
    if (text.length < 2) {
      $('member-candidates').replaceChildren();
      return;
    }
    const query = new URLSearchParams({
      count: '10', sortBy: 'userName', attributes: 'userName',
      filter: `(${CANDIDATE_SEARCH.map((path) => `${path} co ${quote(text)}`).join(' or ')}) and not (groups.value eq ${quote(this.group.id)})`,
    });
    const groupQuery = new URLSearchParams({
      count: '10', sortBy: 'displayName', excludedAttributes: 'members', filter: `displayName co ${quote(text)}`,
    });
    try {
      const [{ data }, { data: groups }] = await Promise.all([
        call(`${SCIM}/Users?${query}`), call(`${SCIM}/Groups?${groupQuery}`)]);
      if (sequence !== this.candidateSequence) return;
      // The group itself and its member groups are left out (a group cannot be its own member).
      const taken = new Set([this.group.id, ...this.memberGroups.map((g) => g.value)]);
      const users = (data.Resources ?? []).map((user) => {
        const li = document.createElement('li');
        li.append(user.userName, button('Add', 'primary', `Add ${user.userName} to the group`, () => this.add(user)));
        return li;
      });
      const candidateGroups = (groups.Resources ?? []).filter((g) => !taken.has(g.id)).map((group) => {
        const li = document.createElement('li');
        li.append(`Group: ${group.displayName}`,
          button('Add', 'primary', `Add group ${group.displayName} to the group`, () => this.addGroup(group)));
        return li;
      });
      $('member-candidates').replaceChildren(...users, ...candidateGroups);
    } catch (error) {
      if (sequence !== this.candidateSequence) return;
      if (!(await this.onError(error))) $('group-error').textContent = error.detail;
    }
  }

  async add(user) {
    await this.patch({ op: 'add', path: 'members', value: [{ value: user.id }] }, `Added ${user.userName} to ${this.group.displayName}.`);
    $('member-search').value = '';
    $('member-candidates').replaceChildren();
    $('member-search').focus();
  }

  async addGroup(group) {
    await this.patch({ op: 'add', path: 'members', value: [{ value: group.id, type: 'Group' }] },
      `Added group ${group.displayName} to ${this.group.displayName}.`);
    $('member-search').value = '';
    $('member-candidates').replaceChildren();
    $('member-search').focus();
  }

  async removeGroup(member) {
    await this.patch({ op: 'remove', path: `members[value eq ${quote(member.value)}]` },
      `Removed group ${member.display} from ${this.group.displayName}.`);
  }

  async remove(user) {
    await this.patch({ op: 'remove', path: `members[value eq ${quote(user.id)}]` }, `Removed ${user.userName} from ${this.group.displayName}.`);
  }

  async patch(operation, done) {
    $('group-error').textContent = '';
    try {
      await call(`${SCIM}/Groups/${encodeURIComponent(this.group.id)}`, {
        method: 'PATCH', body: { schemas: [PATCH_OP], Operations: [operation] },
      });
      this.announce(done);
      $('group-status').textContent = done;
      await Promise.all([this.reload(), this.reloadGroups()]);
    } catch (error) {
      if (!(await this.onError(error))) $('group-error').textContent = error.detail;
    }
  }
}
