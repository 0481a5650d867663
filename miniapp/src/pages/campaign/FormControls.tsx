import { Input, Text, Textarea, View } from '@tarojs/components';
import type { PropsWithChildren } from 'react';
import { keyboard, labelled } from '../../components';

/**
 * The editor's form controls: a label, the control, and the message for its field path (from the client-side zod check
 * or the server's refusal) right under it. `data-field` lets tests and the "fix first" scroll find a field.
 */
export function Field({ label, path, errors, children, hint }: PropsWithChildren<{ label: string; path: string; errors: Record<string, string>; hint?: string }>) {
  const error = errors[path];
  return (
    <View className={`cform__field ${error ? 'cform__field--error' : ''}`} data-field={path}>
      <Text className='cform__label'>{label}</Text>
      {children}
      {hint && !error && <Text className='cform__hint'>{hint}</Text>}
      {error && (
        <View className='cform__error' ariaRole='alert' data-error-for={path}>
          <Text>{error}</Text>
        </View>
      )}
    </View>
  );
}

export function TextField(props: {
  label: string;
  path: string;
  errors: Record<string, string>;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  maxlength?: number;
  multiline?: boolean;
  number?: boolean;
  hint?: string;
}) {
  const { label, path, errors, value, onChange, placeholder, maxlength, multiline, number, hint } = props;
  return (
    <Field label={label} path={path} errors={errors} hint={hint}>
      {multiline ? (
        <Textarea className='cform__textarea' {...labelled(label)} value={value} maxlength={maxlength ?? -1} placeholder={placeholder} autoHeight onInput={(e) => onChange(e.detail.value)} />
      ) : (
        <Input
          className='cform__input'
          value={value}
          type={number ? 'number' : 'text'}
          maxlength={maxlength ?? 140}
          placeholder={placeholder}
          {...labelled(label)}
          onInput={(e) => onChange(e.detail.value)}
        />
      )}
    </Field>
  );
}

/** One of a few options, as a row of toggle buttons (a radio group). */
export function Choice<T extends string>({ label, path, errors, value, options, onChange }: { label: string; path: string; errors: Record<string, string>; value: T; options: { value: T; label: string }[]; onChange: (v: T) => void }) {
  return (
    <Field label={label} path={path} errors={errors}>
      <View className='cform__choices' ariaRole='radiogroup' ariaLabel={label}>
        {options.map((o) => (
          <View
            key={o.value}
            className={`cform__choice ${o.value === value ? 'cform__choice--on' : ''}`}
            ariaRole='radio'
            ariaLabel={o.label}
            aria-checked={o.value === value}
            onClick={() => onChange(o.value)}
            {...keyboard(() => onChange(o.value))}
          >
            <Text>{o.label}</Text>
          </View>
        ))}
      </View>
    </Field>
  );
}

/** A checkbox drawn as a view (same look in weapp and H5), with role and state for assistive technology. */
export function Check({ label, checked, onChange, testId }: { label: string; checked: boolean; onChange: (v: boolean) => void; testId?: string }) {
  return (
    <View
      className={`cform__check ${checked ? 'cform__check--on' : ''}`}
      ariaRole='checkbox'
      ariaLabel={label}
      aria-checked={checked}
      data-check={testId ?? label}
      onClick={() => onChange(!checked)}
      {...keyboard(() => onChange(!checked))}
    >
      <Text className='cform__check-box'>{checked ? '✓' : ''}</Text>
      <Text className='cform__check-label'>{label}</Text>
    </View>
  );
}

/** A small text button (move up, remove …) with a full accessible name. */
export function MiniButton({ label, name, onClick, disabled, danger }: { label: string; name?: string; onClick: () => void; disabled?: boolean; danger?: boolean }) {
  return (
    <View
      className={`cform__mini ${disabled ? 'cform__mini--disabled' : ''} ${danger ? 'cform__mini--danger' : ''}`}
      ariaRole='button'
      ariaLabel={name ?? label}
      onClick={disabled ? undefined : onClick}
      {...keyboard(disabled ? undefined : onClick)}
    >
      <Text>{label}</Text>
    </View>
  );
}
