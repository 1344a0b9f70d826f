import { BASE, SCIM, call } from './api.js';
import { $ } from './dom.js';

const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
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

/**
 * CSV upload: the file is read in the browser and shown; the server checks its rows with scimctl's rule and maps
 * them to SCIM users with scimctl's columns (`/admin/ui/api/users/import/check`, Core's Import) — and with "update
 * existing users", matches them like `scimctl import --upsert` and answers a PATCH of the changed attributes for each
 * row that has a user. The page sends the operations the server made, as they are, in one SCIM Bulk request: it has no
 * mapping or matching of its own. Each row's result is shown. Rows that fail (the check or the server) can be downloaded as a failures file with scimctl's layout (the
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
    $('upload-upsert').addEventListener('change', () => { if ($('upload-file').files[0]) this.read(); });
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
    this.plans = new Map();
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
    this.upsert = $('upload-upsert').checked;
    this.rows = records.slice(1)
      .map((values, index) => ({ number: index + 2, cells: Object.fromEntries(this.headers.map((h, i) => [h, values[i] ?? ''])) }))
      .filter((row) => Object.values(row.cells).some((v) => v.trim() !== ''));
    try {
      const { data } = await call(`${BASE}/api/users/import/check`, {
        method: 'POST',
        body: { rows: this.rows.map((r) => ({ row: r.number, cells: r.cells })), upsert: this.upsert },
      });
      for (const plan of data.rows) {
        this.plans.set(plan.row, plan);
        if (plan.action === 'ambiguous') this.results.set(plan.row, { ok: false, status: 'ambiguous', error: plan.error });
      }
      for (const message of data.errors) {
        const number = Number(/^Row (\d+):/.exec(message)?.[1]);
        const previous = this.results.get(number);
        this.results.set(number, { ok: false, status: 'invalid', error: previous ? `${previous.error} ${message}` : message });
      }
    } catch (error) {
      if (!(await this.onError(error))) $('upload-error').textContent = error.detail;
      return;
    }
    const valid = [...this.plans.values()].filter((p) => p.operation).length;
    const unchanged = [...this.plans.values()].filter((p) => p.action === 'unchanged').length;
    const failing = this.rows.length - valid - unchanged;
    $('upload-summary').textContent = `${this.rows.length} ${this.rows.length === 1 ? 'row' : 'rows'}: ${valid} ready`
      + (unchanged ? `, ${unchanged} unchanged` : '') + `, ${failing} with errors (not sent).`;
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
        result ? (result.ok ? result.status : `${result.status}: ${result.error}`) : this.planned(row.number)];
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

  /** What the server planned for a row not yet sent. */
  planned(number) {
    const plan = this.plans.get(number);
    if (plan?.action === 'update') return `Ready: update ${plan.changes.join(', ')}`;
    if (plan?.action === 'unchanged') return 'Unchanged';
    return 'Ready: create';
  }

  async send() {
    const plans = [...this.plans.values()].filter((p) => p.operation && !this.results.has(p.row));
    $('upload-send').disabled = true;
    try {
      const { data } = await call(`${SCIM}/Bulk`, {
        method: 'POST',
        body: {
          schemas: [BULK],
          Operations: plans.map((p) => p.operation),
        },
      });
      for (const operation of data.Operations ?? []) {
        const number = Number(operation.bulkId?.slice(4));
        const status = Number(operation.status);
        this.results.set(number, status >= 200 && status < 300
          ? { ok: true, status: this.plans.get(number)?.action === 'update' ? 'Updated' : 'Created' }
          : { ok: false, status: String(status), error: operation.response?.detail ?? `The server answered ${status}.` });
      }
    } catch (error) {
      if (!(await this.onError(error))) $('upload-error').textContent = error.detail;
      $('upload-send').disabled = false;
      return;
    }
    for (const plan of this.plans.values()) if (plan.action === 'unchanged') this.results.set(plan.row, { ok: true, status: 'Unchanged' });
    const count = (status) => [...this.results.values()].filter((r) => r.ok && r.status === status).length;
    const failed = [...this.results.values()].filter((r) => !r.ok).length;
    const summary = `${count('Created')} created, `
      + (this.upsert ? `${count('Updated')} updated, ${count('Unchanged')} unchanged, ` : '') + `${failed} failed.`;
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
