import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Textarea, View } from '@tarojs/components';
import type { Bank, MeResponse, QuestionImportError, Test } from '@union/shared';
import { fetchMe } from '../../../api/auth';
import { toApiError } from '../../../api/errors';
import { createTest, importBank, listBanks, listManagedTests } from '../../../api/learning';
import ActionButton from '../../../components/ActionButton';
import Chips from '../../../components/Chips';
import FormField from '../../../components/FormField';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { EmptyState } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { formatDateTime } from '../../../lib/dates';
import { STAFF_LEARNING_PAGE } from '../../../lib/navigation';
import ContestsSection from './contests-section';
import CourseForm from './course-form';
import './index.scss';

const SAMPLE = '题型,题目,选项A,选项B,选项C,选项D,答案,解析\n单选,劳动争议仲裁时效是多长？,六个月,一年,两年,三年,B,调解仲裁法第二十七条';
const WINDOWS = [
  { value: '7', label: '7天' },
  { value: '14', label: '14天' },
  { value: '30', label: '30天' },
];

async function load(): Promise<{ me: MeResponse; banks: Bank[]; tests: Test[] }> {
  const [me, banks, tests] = await Promise.all([fetchMe(), listBanks(), listManagedTests()]);
  return { me, banks, tests };
}

/** The unions this staffer may set tests for (admin or operator there). */
function unionsOf(me: MeResponse) {
  const seen = new Map<string, string>();
  for (const g of me.grants) if ((g.role === 'admin' || g.role === 'operator') && !seen.has(g.orgId)) seen.set(g.orgId, g.orgName);
  return [...seen].map(([value, label]) => ({ value, label }));
}

/** 测试题库: import a question bank (CSV, or cells copied from Excel), set a test from it, see the tests set. */
export default function StaffLearningPage() {
  const data = useAuthedRequest(load, STAFF_LEARNING_PAGE);
  const [orgId, setOrgId] = useState('');
  const [bankTitle, setBankTitle] = useState('');
  const [csv, setCsv] = useState('');
  const [importErrors, setImportErrors] = useState<QuestionImportError[]>([]);
  const [bankId, setBankId] = useState('');
  const [title, setTitle] = useState('');
  const [count, setCount] = useState('10');
  const [minutes, setMinutes] = useState('10');
  const [days, setDays] = useState('7');
  const [busy, setBusy] = useState<'import' | 'test' | null>(null);
  const [formError, setFormError] = useState('');

  const loaded = data.state.status === 'success' ? data.state.data : null;
  const unions = loaded ? unionsOf(loaded.me) : [];
  const firstOrg = unions[0]?.value;
  useEffect(() => {
    if (!orgId && firstOrg) setOrgId(firstOrg);
  }, [orgId, firstOrg]);

  async function runImport() {
    setBusy('import');
    setImportErrors([]);
    setFormError('');
    try {
      const result = await importBank({ orgId, title: bankTitle, csv });
      if (!result.bank) {
        setImportErrors(result.errors);
        return;
      }
      void Taro.showToast({ title: `已导入 ${result.imported} 题`, icon: 'none' });
      setCsv('');
      setBankId(result.bank.id);
      setTitle(result.bank.title.replace(/题库$/, '') + '测试');
      await data.run({ silent: true });
    } catch (error) {
      setFormError(toApiError(error).message);
    } finally {
      setBusy(null);
    }
  }

  async function runCreate() {
    setBusy('test');
    setFormError('');
    try {
      const opensAt = new Date();
      const test = await createTest({
        orgId,
        bankId,
        title,
        questionCount: Number(count),
        timeLimitMinutes: Number(minutes),
        opensAt: opensAt.toISOString(),
        closesAt: new Date(opensAt.getTime() + Number(days) * 86_400_000).toISOString(),
      });
      void Taro.showToast({ title: `已发布：${test.title}`, icon: 'none' });
      await data.run({ silent: true });
    } catch (error) {
      setFormError(toApiError(error).message);
    } finally {
      setBusy(null);
    }
  }

  const gate = pageGate({
    signedIn: data.signedIn,
    state: data.state,
    onRetry: () => void data.run(),
    signedOut: { title: '登录后管理测试', description: '使用工会管理员或运营人员的手机号登录。', returnTo: STAFF_LEARNING_PAGE },
    noUnions: loaded !== null && unions.length === 0,
    noUnionsText: { title: '没有可用的工会', description: '导入题库和发布测试需要工会管理员权限。' },
  });
  if (gate || !loaded) return gate;

  return (
    <Screen className="staff-learning">
      <View className="section">
        <View className="section__title">导入题库</View>
        <View className="card">
          {unions.length > 1 ? (
            <FormField label="工会">
              <Chips label="工会" options={unions} selected={orgId} onSelect={setOrgId} />
            </FormField>
          ) : null}
          <FormField label="题库名称">
            <View className="form-field__row">
              <Input
                className="form-field__input"
                value={bankTitle}
                placeholder="如 周三夜校第10课"
                ariaLabel="题库名称"
                onInput={(e) => setBankTitle(e.detail.value)}
              />
            </View>
          </FormField>
          <FormField label="题目" help={`从 Excel 复制整个表格粘贴到这里，或粘贴 CSV。第一行为表头，例如：\n${SAMPLE}`}>
            <Textarea
              className="staff-learning__csv"
              value={csv}
              maxlength={-1}
              placeholder="粘贴题目表格（第一行为表头）"
              ariaLabel="题目"
              onInput={(e) => setCsv(e.detail.value)}
            />
          </FormField>
          {importErrors.length > 0 ? (
            <View className="staff-learning__errors" ariaRole="alert">
              <View>有 {importErrors.length} 行需要修改，未导入任何题目：</View>
              {importErrors.slice(0, 10).map((e) => (
                <View key={e.row}>
                  第 {e.row} 行：{e.message}
                </View>
              ))}
            </View>
          ) : null}
          <ActionButton variant="secondary" loading={busy === 'import'} loadingText="正在导入…" disabled={!csv.trim()} onClick={() => void runImport()}>
            导入题库
          </ActionButton>
        </View>
      </View>

      <View className="section">
        <View className="section__title">发布测试</View>
        <View className="card">
          {loaded.banks.length === 0 ? (
            <View className="muted">先导入一个题库。</View>
          ) : (
            <>
              <FormField label="题库">
                <Chips
                  label="题库"
                  options={loaded.banks.map((b) => ({ value: b.id, label: `${b.title}（${b.questions}题）` }))}
                  selected={bankId}
                  onSelect={setBankId}
                />
              </FormField>
              <FormField label="测试名称">
                <View className="form-field__row">
                  <Input
                    className="form-field__input"
                    value={title}
                    placeholder="如 周五夜校测试"
                    ariaLabel="测试名称"
                    onInput={(e) => setTitle(e.detail.value)}
                  />
                </View>
              </FormField>
              <FormField label="每次抽题数" help="每人每次从题库随机抽取，选项顺序也打乱">
                <View className="form-field__row">
                  <Input className="form-field__input" type="number" value={count} ariaLabel="每次抽题数" onInput={(e) => setCount(e.detail.value)} />
                </View>
              </FormField>
              <FormField label="限时（分钟）">
                <View className="form-field__row">
                  <Input className="form-field__input" type="number" value={minutes} ariaLabel="限时（分钟）" onInput={(e) => setMinutes(e.detail.value)} />
                </View>
              </FormField>
              <FormField label="开放时间" help="从现在开始，到期自动关闭">
                <Chips label="开放时间" options={WINDOWS} selected={days} onSelect={setDays} />
              </FormField>
              <ActionButton loading={busy === 'test'} loadingText="正在发布…" disabled={!bankId} onClick={() => void runCreate()}>
                发布测试
              </ActionButton>
            </>
          )}
          {formError ? (
            <View className="staff-learning__errors" ariaRole="alert">
              {formError}
            </View>
          ) : null}
        </View>
      </View>

      <ContestsSection orgId={orgId} banks={loaded.banks} />

      <View className="section">
        <View className="section__title">发布课程</View>
        <CourseForm orgId={orgId} onCreated={() => void data.run({ silent: true })} />
      </View>

      <View className="section">
        <View className="section__title">已发布的测试</View>
        {loaded.tests.length === 0 ? (
          <EmptyState title="还没有测试" description="导入题库后即可发布测试。" />
        ) : (
          loaded.tests.map((t) => (
            <View key={t.id} className="card staff-learning__test">
              <View className="staff-learning__test-title">{t.title}</View>
              <View className="muted">
                {t.orgName} · {t.questionCount}题 · {t.timeLimitMinutes}分钟 · {formatDateTime(t.closesAt)} 截止
              </View>
            </View>
          ))
        )}
      </View>
    </Screen>
  );
}
