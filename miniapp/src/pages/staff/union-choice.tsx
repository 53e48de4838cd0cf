import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import Chips from '../../components/Chips';
import FormField from '../../components/FormField';

interface Props {
  label: string;
  orgs: { id: string; name: string }[];
  selected: string | null;
  onSelect: (id: string) => void;
  error?: string;
  help?: string;
}

const SHOWN = 12;

/**
 * Picks one of the staffer's unions. A street admin has a handful: all are chips. A city operator has hundreds:
 * a search box narrows them and at most 12 chips show (the chosen one always among them).
 */
export default function UnionChoice({ label, orgs, selected, onSelect, error, help }: Props) {
  const [text, setText] = useState('');
  const many = orgs.length > SHOWN;
  const matching = orgs.filter((o) => !text.trim() || o.name.includes(text.trim()));
  const chosen = orgs.find((o) => o.id === selected);
  const shown = [...(chosen && !matching.slice(0, SHOWN).includes(chosen) ? [chosen] : []), ...matching.slice(0, SHOWN)];
  return (
    <FormField label={label} error={error} help={help ?? (many ? `共 ${orgs.length} 个工会，输入名称查找` : undefined)}>
      {many ? (
        <View className="form-field__row">
          <Input
            className="form-field__input"
            value={text}
            placeholder="输入工会名称查找"
            placeholderClass="form-field__placeholder"
            ariaLabel={`查找${label}`}
            onInput={(e) => setText(e.detail.value)}
          />
        </View>
      ) : null}
      <Chips label={label} options={shown.map((o) => ({ value: o.id, label: o.name }))} selected={selected} onSelect={onSelect} />
      {many && matching.length === 0 ? <View className="muted">没有名称包含“{text.trim()}”的工会</View> : null}
    </FormField>
  );
}
