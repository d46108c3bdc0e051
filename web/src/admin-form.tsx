// The administration forms' building blocks: labelled inputs bound to a form's values, the client's
// own checks shown next to the field they name, and the graph's refusal (BAD_USER_INPUT or CONFLICT
// with `extensions.field`, e.g. `input.name`) shown next to that field too and in the Outcome. A
// form keeps its idempotency key until a write succeeds, so a retry after a lost answer sends the
// same key and writes nothing twice.
import { CombinedGraphQLErrors, type ErrorLike } from '@apollo/client';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { newKey } from './keys';
import { Outcome } from './ui';

export type Values = Record<string, string>;
export type Errors = Record<string, string>;

/** The fields the graph's refusal names (`input.` dropped), each with its message without the field. */
export function fieldErrors(error: ErrorLike | undefined): Errors {
  if (!error || !CombinedGraphQLErrors.is(error)) return {};
  const out: Errors = {};
  for (const e of error.errors) {
    const field = typeof e.extensions?.field === 'string' ? e.extensions.field : /\b(input\.[\w.[\]]+):/.exec(e.message)?.[1];
    if (field) out[field.replace(/^input\./, '')] = e.message.replace(/^[\w.[\]]+:\s*/, '');
  }
  return out;
}

/** A text of `min`–`max` characters (trimmed), or the reason it is not. */
export function textError(value: string | undefined, min: number, max: number): string | undefined {
  const n = [...(value ?? '').trim()].length;
  if (n === 0 && min > 0) return '必填 (required)';
  if (n < min || n > max) return `须为 ${min}–${max} 个字符 (${min}–${max} characters)`;
  return undefined;
}

/** An integer in `min`–`max`, or the reason it is not. */
export function intError(value: string | undefined, min: number, max: number): string | undefined {
  if (!value?.trim()) return '必填 (required)';
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? undefined : `须为 ${min}–${max} 的整数 (an integer from ${min} to ${max})`;
}

/** A mobile number or a landline with its area code (as the graph checks a duty or contact phone). */
export const phoneError = (value: string | undefined, required = true) =>
  !value?.trim()
    ? required
      ? '必填 (required)'
      : undefined
    : /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(value.replace(/\s+/g, ''))
      ? undefined
      : '须为手机号或带区号的固定电话 (a mobile number or a landline with its area code)';

/** Only the checks that failed. */
export const failed = (checks: Record<string, string | undefined | false>): Errors =>
  Object.fromEntries(Object.entries(checks).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** A comma- or 、-separated list as its items. */
export const listOf = (value: string | undefined) =>
  (value ?? '')
    .split(/[,,、]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A form's values, its client-side errors and its idempotency key. */
export function useAdminForm<K extends string>(initial: Record<K, string>, check: (v: Record<K, string>) => Errors, keyPrefix = 'adm') {
  const [values, setValues] = useState(initial);
  const [clientErrors, setClientErrors] = useState<Errors>({});
  const [key, setKey] = useState(() => newKey(keyPrefix));
  return {
    values,
    key,
    clientErrors,
    set: (name: string, value: string) => setValues((v) => ({ ...v, [name]: value })),
    /**
     * Sends when the client's checks pass (else clears the last outcome: nothing is sent). A success
     * takes a fresh key and puts the fields named in `clear` back to their first values; a failure
     * keeps the key, so sending again is the same request.
     */
    submit<T>(send: () => Promise<T>, resetOutcome: () => void, clear: K[] = [], then?: (answer: T) => void) {
      const errors = check(values);
      setClientErrors(errors);
      if (Object.keys(errors).length) return resetOutcome();
      send().then(
        (answer) => {
          setKey(newKey(keyPrefix));
          setValues((v) => ({ ...v, ...Object.fromEntries(clear.map((c) => [c, initial[c]])) }));
          then?.(answer);
        },
        () => undefined,
      );
    },
  };
}
interface FormState {
  values: Values;
  clientErrors: Errors;
  set: (name: string, value: string) => void;
}

const FormContext = createContext<{ values: Values; set: (n: string, v: string) => void; errors: Errors }>({
  values: {},
  set: () => undefined,
  errors: {},
});

/** A form of the admin screens: its fields, a submit button, and the outcome under it. */
export function AdminForm(props: {
  id: string;
  title: string;
  submit: string;
  form: FormState;
  result: { loading: boolean; error?: ErrorLike | undefined; called?: boolean };
  done?: ReactNode;
  onSubmit: () => void;
  onCancel?: () => void;
  children: ReactNode;
}) {
  const { form, result } = props;
  const errors = { ...fieldErrors(result.error), ...form.clientErrors };
  return (
    <form
      className="admin-form"
      data-form={props.id}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <h3>{props.title}</h3>
      <FormContext.Provider value={{ values: form.values, set: form.set, errors }}>
        <div className="form-fields">{props.children}</div>
      </FormContext.Provider>
      <div className="form-actions">
        <button type="submit" disabled={result.loading}>
          {props.submit}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            取消
          </button>
        )}
      </div>
      {Object.keys(form.clientErrors).length > 0 ? (
        <div className="error" role="alert">
          <p>请先改正标出的项 (correct the fields marked)</p>
        </div>
      ) : (
        <Outcome error={result.error} done={props.done} />
      )}
    </form>
  );
}

/** One of a form's two writes: sending it, its state, and the name of what it wrote (once it has). */
interface Write {
  send: () => Promise<unknown>;
  result: { loading: boolean; error?: ErrorLike | undefined; called?: boolean; reset: () => void };
  name: string | undefined;
}

/**
 * A form that edits a row when `editing`, else adds one: `${id}-edit` titled `title`, saved with
 * 保存修改; or `${id}-add` titled `addTitle`, sent with `verb` (新增 unless told), its fields in `clear`
 * put back after a success. Cancelling goes back to adding.
 */
export function EditOrAddForm<K extends string>(props: {
  id: string;
  editing: boolean;
  title: string;
  addTitle: string;
  verb?: string;
  form: ReturnType<typeof useAdminForm<K>>;
  update: Write;
  add: Write & { clear: K[] };
  onClose?: (() => void) | undefined;
  children: ReactNode;
}) {
  const { editing, form, update, add } = props;
  const verb = props.verb ?? '新增';
  return (
    <AdminForm
      id={`${props.id}-${editing ? 'edit' : 'add'}`}
      title={editing ? props.title : props.addTitle}
      submit={editing ? '保存修改' : verb}
      form={form}
      result={editing ? update.result : add.result}
      done={editing ? update.name && `已保存 ${update.name}` : add.name && `已${verb} ${add.name}`}
      onCancel={props.onClose}
      onSubmit={() => (editing ? form.submit(update.send, update.result.reset) : form.submit(add.send, add.result.reset, add.clear))}
    >
      {props.children}
    </AdminForm>
  );
}

function Field(props: { name: string; label: string; hint?: string | undefined; children: ReactNode }) {
  const { errors } = useContext(FormContext);
  const error = errors[props.name];
  return (
    <label className={error ? 'field invalid' : 'field'} data-field={props.name}>
      <span className="field-label">{props.label}</span>
      {props.children}
      <Note name={props.name} label={props.label} error={error} hint={props.hint} />
    </label>
  );
}

/** Under a field: the error naming it, else its hint. */
function Note(props: { name: string; label: string; error: string | undefined; hint: string | undefined }) {
  return props.error ? (
    <small className="field-error" data-field-error={props.name}>
      {props.label}:{props.error}
    </small>
  ) : (
    props.hint && <small className="muted">{props.hint}</small>
  );
}

/** A labelled text input bound to the form's value `name`. */
export function Text(props: {
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'tel' | 'number' | 'date' | 'time';
  required?: boolean;
  maxLength?: number;
  inputMode?: 'numeric' | 'decimal' | 'tel' | 'text';
  placeholder?: string;
}) {
  const { values, set, errors } = useContext(FormContext);
  return (
    <Field name={props.name} label={props.label} hint={props.hint}>
      <input
        name={props.name}
        type={props.type ?? 'text'}
        value={values[props.name] ?? ''}
        onChange={(e) => set(props.name, e.target.value)}
        required={props.required}
        aria-required={props.required}
        aria-invalid={!!errors[props.name]}
        maxLength={props.maxLength}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        autoComplete="off"
      />
    </Field>
  );
}

/** A labelled select bound to the form's value `name`; `blank` offers an empty choice. */
export function Choice(props: { name: string; label: string; options: readonly [string, string][]; blank?: string; hint?: string }) {
  const { values, set, errors } = useContext(FormContext);
  return (
    <Field name={props.name} label={props.label} hint={props.hint}>
      <select
        name={props.name}
        value={values[props.name] ?? ''}
        onChange={(e) => set(props.name, e.target.value)}
        aria-invalid={!!errors[props.name]}
      >
        {props.blank != null && <option value="">{props.blank}</option>}
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Checkboxes bound to the form's value `name` (the chosen values joined by commas). */
export function Checks(props: { name: string; label: string; options: readonly [string, string][]; hint?: string }) {
  const { values, set, errors } = useContext(FormContext);
  const chosen = listOf(values[props.name]);
  const error = errors[props.name];
  return (
    <fieldset className={error ? 'checks invalid' : 'checks'} data-field={props.name}>
      <legend>{props.label}</legend>
      {props.options.length === 0 && <span className="muted">无可选项</span>}
      {props.options.map(([v, l]) => (
        <label key={v} className="check">
          <input
            type="checkbox"
            name={props.name}
            value={v}
            checked={chosen.includes(v)}
            onChange={(e) => set(props.name, (e.target.checked ? [...chosen, v] : chosen.filter((c) => c !== v)).join(','))}
          />
          {l}
        </label>
      ))}
      <Note name={props.name} label={props.label} error={error} hint={props.hint} />
    </fieldset>
  );
}
