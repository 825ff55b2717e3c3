import { FieldErrors } from '../field-errors';

export type FormValues = Record<string, string | undefined>;

interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly values: FormValues;
  readonly errors: FieldErrors;
  readonly onInput: (name: string, value: string) => void;
}

/** The message beside a field, tied to it for screen readers. */
const ErrorOf = ({ name, errors }: { name: string; errors: FieldErrors }) =>
  errors[name] ? (
    <span id={`${name}-error`} class="field-error" data-field-error={name}>
      {errors[name]}
    </span>
  ) : null;

export const Field = ({
  name,
  label,
  values,
  errors,
  onInput,
  type = 'text',
  hint,
}: FieldProps & { type?: 'text' | 'url' | 'datetime-local'; hint?: string }) => (
  <div class="field">
    <label for={`f-${name}`}>{label}</label>
    <input
      id={`f-${name}`}
      name={name}
      type={type as 'text'}
      value={values[name] ?? ''}
      onInput={(event) => onInput(name, event.currentTarget.value)}
      aria-invalid={errors[name] ? 'true' : undefined}
      aria-describedby={errors[name] ? `${name}-error` : undefined}
    />
    {hint && <span class="hint">{hint}</span>}
    <ErrorOf name={name} errors={errors} />
  </div>
);

export const SelectField = ({ name, label, options, values, errors, onInput }: FieldProps & { options: readonly string[] }) => (
  <div class="field">
    <label for={`f-${name}`}>{label}</label>
    <select
      id={`f-${name}`}
      name={name}
      value={values[name] ?? ''}
      onChange={(event) => onInput(name, event.currentTarget.value)}
      aria-invalid={errors[name] ? 'true' : undefined}
      aria-describedby={errors[name] ? `${name}-error` : undefined}
    >
      {options.map((option) => (
        <option key={option} value={option}>
          {option || '—'}
        </option>
      ))}
    </select>
    <ErrorOf name={name} errors={errors} />
  </div>
);
