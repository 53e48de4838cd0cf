import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { toApiError } from '../../api/errors';
import ActionButton from '../../components/ActionButton';
import { LoadingState } from '../../components/StateView';
import { downloadFile, pickFile, type PickedFile } from '../../lib/files';
import './import-flow.scss';

/** One bad row of a file: its line, the column in words (or 整行) and why. */
export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

/** What a dry run found: rows, problems, a line saying what an import would do, and whether it may go ahead. */
export interface ImportCheck {
  total: number;
  problems: ImportProblem[];
  summary: string;
  /** The import button's words (导入 120 个工会), or null when nothing may be imported. */
  importLabel: string | null;
}

interface Props {
  extensions: string[];
  /** What files are taken, in words: 支持 Excel（.xlsx）和 CSV（UTF-8 或 GBK 编码）. */
  formats: string;
  maxBytes: number;
  /** Why the file cannot be picked yet (choose the union first), or undefined. */
  blocked?: string;
  template?: { url: string; name: string; label: string };
  check: (file: PickedFile) => Promise<ImportCheck>;
  /** Imports for real; the words of the success message. */
  run: (file: PickedFile) => Promise<string>;
  /** What to offer once the import is done (查看工会组织). */
  doneActions?: ReactNode;
}

type Step =
  | { kind: 'pick' }
  | { kind: 'checking'; file: PickedFile }
  | { kind: 'checked'; file: PickedFile; check: ImportCheck }
  | { kind: 'importing'; file: PickedFile; check: ImportCheck }
  | { kind: 'done'; message: string };

const PAGE = 50;
const kb = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/**
 * 选择文件 → 检查 (a dry run that lists every bad row, 50 at a time) → 导入, on one page. Nothing is imported before
 * the person has seen the check's result and tapped the import button.
 */
export default function ImportFlow({ extensions, formats, maxBytes, blocked, template, check, run, doneActions }: Props) {
  const [step, setStep] = useState<Step>({ kind: 'pick' });
  const [error, setError] = useState('');
  const [shown, setShown] = useState(PAGE);

  async function choose() {
    setError('');
    let file: PickedFile | null;
    try {
      file = await pickFile(extensions, maxBytes);
    } catch (e) {
      setError((e as Error).message);
      return;
    }
    if (!file) return;
    setShown(PAGE);
    setStep({ kind: 'checking', file });
    try {
      setStep({ kind: 'checked', file, check: await check(file) });
    } catch (e) {
      setError(toApiError(e).message);
      setStep({ kind: 'pick' });
    }
  }

  async function go(file: PickedFile, checked: ImportCheck) {
    setError('');
    setStep({ kind: 'importing', file, check: checked });
    try {
      setStep({ kind: 'done', message: await run(file) });
    } catch (e) {
      setError(toApiError(e).message);
      setStep({ kind: 'checked', file, check: checked });
    }
  }

  async function downloadTemplate() {
    if (!template) return;
    setError('');
    try {
      await downloadFile(template.url, template.name);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const picked = step.kind === 'checked' || step.kind === 'importing' ? step : null;
  return (
    <View className="import-flow">
      {step.kind === 'done' ? (
        <View className="card import-flow__done" ariaRole="status">
          <View className="import-flow__done-title">{step.message}</View>
          {doneActions}
          <ActionButton variant="text" onClick={() => setStep({ kind: 'pick' })}>
            再导入一个文件
          </ActionButton>
        </View>
      ) : (
        <View className="card">
          <View className="import-flow__formats muted">{formats}</View>
          {template ? (
            <View className="import-flow__template" hoverClass="import-flow__template--pressed" ariaRole="button" onClick={() => void downloadTemplate()}>
              {template.label}
            </View>
          ) : null}
          {blocked ? <View className="import-flow__blocked muted">{blocked}</View> : null}
          <ActionButton
            variant={picked ? 'secondary' : 'primary'}
            disabled={Boolean(blocked) || step.kind === 'checking' || step.kind === 'importing'}
            onClick={() => void choose()}
          >
            {picked ? '重新选择文件' : '选择文件'}
          </ActionButton>
        </View>
      )}

      {error ? (
        <View className="import-flow__error" ariaRole="alert">
          {error}
        </View>
      ) : null}

      {step.kind === 'checking' ? <LoadingState text={`正在检查 ${step.file.name}…`} /> : null}

      {picked ? (
        <View className="card import-flow__report">
          <View className="import-flow__file">
            {picked.file.name} · {kb(picked.file.size)}
          </View>
          <View className="import-flow__summary">
            共 {picked.check.total} 行。{picked.check.summary}
          </View>
          {picked.check.problems.length > 0 ? (
            <>
              <View className="import-flow__problems-title">有 {picked.check.problems.length} 处需要修改：</View>
              {picked.check.problems.slice(0, shown).map((p, i) => (
                <View key={`${p.row}-${p.column}-${i}`} className="import-flow__problem">
                  <View className="import-flow__where">
                    第 {p.row} 行 · {p.column}
                  </View>
                  <View className="import-flow__why">{p.message}</View>
                </View>
              ))}
              {picked.check.problems.length > shown ? (
                <ActionButton variant="text" onClick={() => setShown((n) => n + PAGE)}>
                  {`再显示 ${Math.min(PAGE, picked.check.problems.length - shown)} 处（还有 ${picked.check.problems.length - shown} 处）`}
                </ActionButton>
              ) : null}
            </>
          ) : null}
          {picked.check.importLabel ? (
            step.kind === 'importing' ? (
              <LoadingState text="正在导入，大文件需要几十秒，请不要离开本页…" />
            ) : (
              <ActionButton onClick={() => void go(picked.file, picked.check)}>{picked.check.importLabel}</ActionButton>
            )
          ) : (
            <View className="import-flow__none muted">未导入任何内容。请在文件里改好后，点「重新选择文件」再检查一次。</View>
          )}
        </View>
      ) : null}
    </View>
  );
}
