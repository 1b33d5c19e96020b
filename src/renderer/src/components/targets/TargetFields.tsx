/** The fields one kind of destination asks for, each with its hint and its error sentence. */
import { TARGET_FIELDS, isShown, type TargetFormValues } from '../../lib/target-forms.ts';
import type { SecretTargetKind } from '../../../../shared/secret-targets.ts';
import { Checkbox, Field } from '../common/Field.tsx';

export function TargetFields({
  kind,
  values,
  errors,
  onChange,
}: {
  kind: SecretTargetKind;
  values: TargetFormValues;
  errors: Partial<Record<string, string>>;
  onChange(name: string, value: string | boolean): void;
}) {
  return (
    <div className="target-fields">
      {TARGET_FIELDS[kind]
        .filter((field) => isShown(field, values))
        .map((field) => {
          if (field.checkbox) {
            return (
              <Checkbox
                key={field.name}
                label={field.label}
                checked={values[field.name] === true}
                onChange={(checked) => onChange(field.name, checked)}
              />
            );
          }
          const value = String(values[field.name] ?? '');
          return (
            <Field
              key={field.name}
              label={field.optional ? `${field.label} (optional)` : field.label}
              hint={field.hint}
              error={errors[field.name]}
            >
              {field.options ? (
                <select value={value} onChange={(event) => onChange(field.name, event.target.value)}>
                  {field.options.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  type="text"
                  value={value}
                  placeholder={field.placeholder}
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(event) => onChange(field.name, event.target.value)}
                />
              )}
            </Field>
          );
        })}
    </div>
  );
}
