import { ACCESS, BASE, CORE_USER, SCIM, call } from './api.js';

const $ = (id) => document.getElementById(id);
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const FAILURE_COLUMNS = ['row', 'status', 'error'];

/** RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends. */
export function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field); records.push(record); record = []; field = '';
    } else field += c;
  }
  if (field !== '' || record.length) { record.push(field); records.push(record); }
  return records;
}

function csvField(value) {
  const text = String(value ?? '');
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function list(text) {
  return [...new Set(text.split(';').map((v) => v.trim()).filter(Boolean))];
}

function truthy(text) {
  return ['TRUE', 'YES', 'Y', '1'].includes(text.trim().toUpperCase());
}

/** The SCIM user of a row, by scimctl's columns (README "CSV import"). */
function userOf(cells) {
  const get = (name) => {
    const key = Object.keys(cells).find((k) => k.trim().toLowerCase() === name.toLowerCase());
    const value = key === undefined ? '' : cells[key].trim();
    return value === '' ? undefined : value;
  };
  const user = { schemas: [CORE_USER], userName: get('userName') };
  const name = {};
  for (const [column, attribute] of [['givenName', 'givenName'], ['familyName', 'familyName'], ['middleName', 'middleName']]) {
    if (get(column)) name[attribute] = get(column);
  }
  if (Object.keys(name).length) user.name = name;
  for (const column of ['displayName', 'title', 'externalId', 'password']) if (get(column)) user[column] = get(column);
  if (get('email')) user.emails = [{ value: get('email'), type: 'work', primary: true }];
  if (get('active')) user.active = truthy(get('active'));
  const enterprise = {};
  for (const column of ['department', 'employeeNumber']) if (get(column)) enterprise[column] = get(column);
  if (get('manager')) enterprise.manager = { value: get('manager') };
  if (Object.keys(enterprise).length) { user.schemas.push(ENTERPRISE); user[ENTERPRISE] = enterprise; }
  const access = {};
  for (const column of ['roles', 'organizations']) if (get(column)) access[column] = list(get(column));
  for (const column of ['primaryOrganization', 'defaultPage']) if (get(column)) access[column] = get(column);
  if (Object.keys(access).length) { user.schemas.push(ACCESS); user[ACCESS] = access; }
  return user;
}

/**
 * CSV upload: the file is read in the browser and shown, its rows are checked by the server with scimctl's rule
 * (`/admin/ui/api/users/import/check`), the rows that pass are sent as one SCIM Bulk request, and each row's result
 * is shown. Rows that fail (the check or the server) can be downloaded as a failures file with scimctl's layout (the
 * input columns plus row, status, error), which scimctl or this page read back to retry them.
 */
export class UploadPanel {
  constructor({ announce, onError, onChanged }) {
    this.announce = announce;
    this.onError = onError;
    this.onChanged = onChanged;
    this.dialog = $('upload-panel');
    $('upload-close').addEventListener('click', () => this.dialog.close());
    $('upload-file').addEventListener('change', () => this.read());
    $('upload-send').addEventListener('click', () => this.send());
    $('upload-failures').addEventListener('click', () => this.downloadFailures());
    $('upload-open').addEventListener('click', () => this.open());
  }

  open() {
    $('upload-file').value = '';
    this.reset();
    this.dialog.showModal();
    $('upload-file').focus();
  }

  reset() {
    this.headers = [];
    this.rows = [];
    this.results = new Map();
    $('upload-error').textContent = '';
    $('upload-summary').textContent = '';
    $('upload-table').hidden = true;
    $('upload-send').hidden = true;
    $('upload-failures').hidden = true;
  }

  async read() {
    this.reset();
    const file = $('upload-file').files[0];
    if (!file) return;
    const records = parseCsv(await file.text());
    if (!records.length) { $('upload-error').textContent = 'The file has no header row.'; return; }
    this.headers = records[0].map((h) => h.trim());
    this.rows = records.slice(1)
      .map((values, index) => ({ number: index + 2, cells: Object.fromEntries(this.headers.map((h, i) => [h, values[i] ?? ''])) }))
      .filter((row) => Object.values(row.cells).some((v) => v.trim() !== ''));
    try {
      const { data } = await call(`${BASE}/api/users/import/check`, {
        method: 'POST', body: { rows: this.rows.map((r) => ({ row: r.number, cells: r.cells })) },
      });
      for (const message of data.errors) {
        const number = Number(/^Row (\d+):/.exec(message)?.[1]);
        const previous = this.results.get(number);
        this.results.set(number, { ok: false, status: 'invalid', error: previous ? `${previous.error} ${message}` : message });
      }
    } catch (error) {
      if (!(await this.onError(error))) $('upload-error').textContent = error.detail;
      return;
    }
    const valid = this.rows.filter((r) => !this.results.has(r.number)).length;
    $('upload-summary').textContent = `${this.rows.length} ${this.rows.length === 1 ? 'row' : 'rows'}: ${valid} ready, ${this.rows.length - valid} with errors (not sent).`;
    $('upload-send').textContent = `Send ${valid} ${valid === 1 ? 'row' : 'rows'}`;
    $('upload-send').hidden = valid === 0;
    $('upload-send').disabled = false;
    this.render();
  }

  render() {
    const table = $('upload-table');
    const head = document.createElement('tr');
    for (const text of ['Row', ...this.headers.filter((h) => h.toLowerCase() !== 'password'), 'Result']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      head.append(th);
    }
    table.querySelector('thead').replaceChildren(head);
    table.querySelector('tbody').replaceChildren(...this.rows.map((row) => {
      const tr = document.createElement('tr');
      const result = this.results.get(row.number);
      const values = [String(row.number), ...this.headers.filter((h) => h.toLowerCase() !== 'password').map((h) => row.cells[h]),
        result ? (result.ok ? result.status : `${result.status}: ${result.error}`) : 'Ready'];
      const labels = ['Row', ...this.headers.filter((h) => h.toLowerCase() !== 'password'), 'Result'];
      values.forEach((value, i) => {
        const td = document.createElement('td');
        td.dataset.label = labels[i];
        td.textContent = value;
        if (i === values.length - 1 && result && !result.ok) td.className = 'error';
        tr.append(td);
      });
      return tr;
    }));
    table.hidden = false;
    $('upload-failures').hidden = ![...this.results.values()].some((r) => !r.ok);
  }

  async send() {
    const rows = this.rows.filter((r) => !this.results.has(r.number));
    $('upload-send').disabled = true;
    try {
      const { data } = await call(`${SCIM}/Bulk`, {
        method: 'POST',
        body: {
          schemas: [BULK],
          Operations: rows.map((r) => ({ method: 'POST', path: '/Users', bulkId: `row-${r.number}`, data: userOf(r.cells) })),
        },
      });
      for (const operation of data.Operations ?? []) {
        const number = Number(operation.bulkId?.slice(4));
        const status = Number(operation.status);
        this.results.set(number, status >= 200 && status < 300
          ? { ok: true, status: 'Created' }
          : { ok: false, status: String(status), error: operation.response?.detail ?? `The server answered ${status}.` });
      }
    } catch (error) {
      if (!(await this.onError(error))) $('upload-error').textContent = error.detail;
      $('upload-send').disabled = false;
      return;
    }
    const created = [...this.results.values()].filter((r) => r.ok).length;
    const failed = this.rows.length - created;
    const summary = `${created} created, ${failed} failed.`;
    $('upload-summary').textContent = summary;
    $('upload-send').hidden = true;
    this.announce(`Upload: ${summary}`);
    this.render();
    this.onChanged();
  }

  downloadFailures() {
    const inputs = this.headers.filter((h) => !FAILURE_COLUMNS.includes(h.toLowerCase()));
    const lines = [[...inputs, ...FAILURE_COLUMNS].map(csvField).join(',')];
    for (const row of this.rows) {
      const result = this.results.get(row.number);
      if (!result || result.ok) continue;
      lines.push([...inputs.map((h) => row.cells[h]), row.number, result.status, result.error].map(csvField).join(','));
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' }));
    link.download = 'upload-failures.csv';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  }
}
