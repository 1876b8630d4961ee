import { html, type SafeHtml } from '../html.js';
import { isRecord } from '../../shared/guards.js';
import { kindOf, labelOf, optionsOf, type JsonSchema } from './schema.js';
import { renderValue } from './view.js';

/** A message attached to a field: a rules finding or a validation error. */
export interface FieldNote {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Rule id, for warnings that can be overridden. */
  rule?: string;
}

export interface FormState {
  /** Notes by dotted path (`content.materials.0.name`). */
  notes: Map<string, FieldNote[]>;
  /** Paths rendered read-only (e.g. elements inherited from the base catalogue). */
  readOnly?: Set<string>;
  /** Text fields, by property name, that offer the choices of a `<datalist>` on the page (e.g. docId → legal documents). */
  suggestions?: Record<string, string>;
}

export const fieldId = (path: string[]) => `f-${path.join('-')}`;
const fieldName = (path: string[]) =>
  path[0] +
  path
    .slice(1)
    .map((p) => `[${p}]`)
    .join('');
const dotted = (path: string[]) => path.join('.');

function notesFor(state: FormState, path: string[]): SafeHtml {
  const notes = state.notes.get(dotted(path)) ?? [];
  if (!notes.length) return html``;
  return html`<ul class="notes" id="${fieldId(path)}-notes">${notes.map((n) => html`<li class="note note-${n.severity}">${n.severity === 'error' ? '错误' : n.severity === 'warning' ? '警告' : '提示'}：${n.message}${n.rule ? html` <code>${n.rule}</code>` : ''}</li>`)}</ul>`;
}

const describedBy = (state: FormState, path: string[]) =>
  state.notes.get(dotted(path))?.length ? html` aria-describedby="${fieldId(path)}-notes"` : '';
const invalid = (state: FormState, path: string[]) =>
  state.notes.get(dotted(path))?.some((n) => n.severity === 'error') ? html` aria-invalid="true"` : '';

/** Renders one schema property as a labelled control (or fieldset), with its notes beside it. */
export function renderField(
  schema: JsonSchema,
  path: string[],
  value: unknown,
  state: FormState,
  label = labelOf(schema, path[path.length - 1]!),
  required = false,
): SafeHtml {
  const id = fieldId(path);
  const name = fieldName(path);
  const ro = state.readOnly?.has(dotted(path)) ?? false;
  const attrs = html`id="${id}" name="${name}"${describedBy(state, path)}${invalid(state, path)}${ro ? html` readonly` : ''}`;
  const help = schema.description && !schema.enum ? html`<small class="help">${schema.description}</small>` : '';
  // A read-only group or list (e.g. an inherited 设定依据) is shown, not submitted: the server keeps the stored value.
  if (ro && (kindOf(schema) === 'object' || kindOf(schema) === 'rows')) {
    return html`<div class="field readonly" id="${id}"><span class="label">${label}</span>${renderValue(schema, value)}${notesFor(state, path)}</div>`;
  }
  switch (kindOf(schema)) {
    case 'object':
      return html`<fieldset class="group" id="${id}"><legend>${label}</legend>${notesFor(state, path)}${renderFields(schema, path, value, state)}</fieldset>`;
    case 'rows':
      return renderRows(schema, path, value, state, label);
    case 'codeSet': {
      const selected = new Set(Array.isArray(value) ? value.map(String) : []);
      return html`<fieldset class="field codeset" id="${id}"${describedBy(state, path)}><legend>${label}</legend>
        ${optionsOf(schema.items!).map(([code, text]) => html`<label class="check"><input type="checkbox" name="${name}[]" value="${code}"${selected.has(code) ? html` checked` : ''}${ro ? html` disabled` : ''}> ${text}</label>`)}
        ${ro ? [...selected].map((code) => html`<input type="hidden" name="${name}[]" value="${code}">`) : ''}
        ${notesFor(state, path)}</fieldset>`;
    }
    case 'lines':
      return wrap(
        id,
        label,
        html`<textarea ${attrs} rows="3">${Array.isArray(value) ? value.join('\n') : ''}</textarea><small class="help">每行一项</small>`,
        notesFor(state, path),
      );
    case 'record':
      return wrap(
        id,
        label,
        html`<textarea ${attrs} rows="3">${
          value && typeof value === 'object'
            ? Object.entries(value)
                .map(([k, v]) => `${k}=${v}`)
                .join('\n')
            : ''
        }</textarea><small class="help">每行一项：名称=值</small>`,
        notesFor(state, path),
      );
    case 'code': {
      const current = value === undefined || value === null ? '' : String(value);
      return wrap(
        id,
        label,
        html`<select ${attrs}${ro ? html` disabled` : ''}><option value="">（未填）</option>${optionsOf(schema).map(([code, text]) => html`<option value="${code}"${code === current ? html` selected` : ''}>${text}</option>`)}</select>${ro ? html`<input type="hidden" name="${name}" value="${current}">` : ''}`,
        notesFor(state, path),
      );
    }
    case 'boolean': {
      const current = value === true ? 'true' : value === false ? 'false' : '';
      // A required 是/否 that already has a value cannot be cleared: choosing （未填） could only fail with 缺少必填字段.
      // Without a value the blank stays, so nothing is answered 是 silently for the user.
      const blank = required && current ? '' : html`<option value="">（未填）</option>`;
      return wrap(
        id,
        label,
        html`<select ${attrs}>${blank}<option value="true"${current === 'true' ? html` selected` : ''}>是</option><option value="false"${current === 'false' ? html` selected` : ''}>否</option></select>`,
        notesFor(state, path),
      );
    }
    case 'integer':
    case 'number':
      return wrap(
        id,
        label,
        html`<input type="number" ${attrs} value="${scalar(value)}"${schema.type === 'number' ? html` step="any"` : ''}${schema.minimum !== undefined ? html` min="${schema.minimum}"` : ''}${schema.maximum !== undefined ? html` max="${schema.maximum}"` : ''}>`,
        notesFor(state, path),
      );
    case 'longText':
      return wrap(
        id,
        label,
        html`<textarea ${attrs} rows="4">${scalar(value)}</textarea>${help}`,
        notesFor(state, path),
      );
    case 'url':
      return wrap(
        id,
        label,
        html`<input type="url" ${attrs} value="${scalar(value)}" placeholder="https://">`,
        notesFor(state, path),
      );
    case 'date':
      return wrap(id, label, html`<input type="date" ${attrs} value="${scalar(value)}">`, notesFor(state, path));
    default: {
      const list = state.suggestions?.[path[path.length - 1]!];
      return wrap(
        id,
        label,
        html`<input type="text" ${attrs} value="${scalar(value)}"${schema.maxLength ? html` maxlength="${schema.maxLength}"` : ''}${list ? html` list="${list}"` : ''}>${help}`,
        notesFor(state, path),
      );
    }
  }
}

/** A stored scalar as form text (objects never reach scalar controls; they would be a schema bug). */
const scalar = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

function wrap(id: string, label: string, control: SafeHtml, notes: SafeHtml): SafeHtml {
  return html`<div class="field"><label for="${id}">${label}</label>${control}${notes}</div>`;
}

/** Renders the listed properties (default: all) of an object schema. */
export function renderFields(
  schema: JsonSchema,
  path: string[],
  value: unknown,
  state: FormState,
  only?: readonly string[],
): SafeHtml {
  const source = isRecord(value) ? value : {};
  const keys = only ?? Object.keys(schema.properties ?? {});
  return html`${keys.map((key) => {
    const child = schema.properties?.[key];
    return child
      ? renderField(child, [...path, key], source[key], state, undefined, schema.required?.includes(key) ?? false)
      : '';
  })}`;
}

/**
 * Repeated rows (materials, fees, FAQ …): every existing row, plus one blank row that the clerk fills to
 * add a row without JavaScript. With JavaScript, "添加一行" clones the blank row (public/console.js).
 */
function renderRows(schema: JsonSchema, path: string[], value: unknown, state: FormState, label: string): SafeHtml {
  const rows = Array.isArray(value) ? value : [];
  const rowLabel = schema.items?.title ?? label;
  const row = (
    v: unknown,
    i: number,
    blank: boolean,
  ) => html`<fieldset class="row${blank ? ' row-blank' : ''}"${blank ? html` data-template="true" data-index="${i}"` : ''} id="${fieldId([...path, String(i)])}">
      <legend>${blank ? `新增${rowLabel}` : `${rowLabel} ${i + 1}`}</legend>
      ${notesFor(state, [...path, String(i)])}
      ${renderFields(schema.items!, [...path, String(i)], v, state)}
      ${blank ? '' : html`<label class="check delete"><input type="checkbox" name="${fieldName([...path, String(i), '_delete'])}" value="1"> 删除此行</label>`}
    </fieldset>`;
  return html`<fieldset class="rows" id="${fieldId(path)}" data-rows="${fieldName(path)}"><legend>${label}（${rows.length}）</legend>
    ${notesFor(state, path)}
    ${rows.map((v, i) => row(v, i, false))}
    ${row(undefined, rows.length, true)}
    <button type="button" class="add-row" hidden>添加一行</button>
  </fieldset>`;
}
