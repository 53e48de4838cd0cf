import { useState } from 'react';
import { View } from '@tarojs/components';
import { PRIVACY_NOTICE_TEXT, WORK_DISTRICTS, type Application } from '@union/shared';
import Chips from '../../components/Chips';
import ConsentCheck from '../../components/ConsentCheck';
import Screen from '../../components/Screen';
import Sheet from '../../components/Sheet';
import CodeSheet from './code-sheet';
import IdentityFields from './identity-fields';
import JoinFooter from './join-footer';
import UnionSection from './union-section';
import type { JoinForm } from './use-join-form';
import UnionSheet from './union-sheet';
import WorkFields from './work-fields';

const DISTRICT_OPTIONS = WORK_DISTRICTS.map((d) => ({ value: d.code, label: d.name }));

interface JoinFormScreenProps {
  join: JoinForm;
  /** The rejected application being corrected: its reason shows first. */
  correcting?: Application;
  returnTo: string;
}

/** The application form: where it goes, who is applying, the consent, and the sheets its rows open. */
export default function JoinFormScreen({ join, correcting, returnTo }: JoinFormScreenProps) {
  const { form, errors, update } = join;
  const [districtOpen, setDistrictOpen] = useState(false);
  const [unionOpen, setUnionOpen] = useState(false);
  const [codeOpen, setCodeOpen] = useState(false);

  return (
    <Screen withFooter className="join">
      {correcting ? (
        <View className="section">
          <View className="join__reason" ariaRole="alert">
            <View className="join__reason-title">上次未通过的原因</View>
            <View>{correcting.rejectReason ?? '工作人员未填写原因'}</View>
          </View>
        </View>
      ) : null}

      <UnionSection join={join} onChoose={() => setUnionOpen(true)} onEnterCode={() => setCodeOpen(true)} />

      <View className="section">
        <View className="section__title">
          <View>填写信息</View>
          <View className="section__hint">约1分钟 · 自动保存</View>
        </View>
        <View className="card join__form">
          <IdentityFields join={join} correcting={correcting} />
          <WorkFields join={join} onPickDistrict={() => setDistrictOpen(true)} />
        </View>
      </View>

      <View className="section" id="join-consent">
        <View className="card join__consent">
          <ConsentCheck
            checked={form.consent}
            onChange={(consent) => {
              update({ consent });
              if (consent) join.clearError('consent');
            }}
            text={PRIVACY_NOTICE_TEXT}
            error={errors.consent}
          >
            我已阅读并同意《个人信息保护说明》
          </ConsentCheck>
        </View>
      </View>

      <Sheet open={districtOpen} title="选择工作区域" onClose={() => setDistrictOpen(false)}>
        <Chips
          label="工作区域"
          columns={3}
          options={DISTRICT_OPTIONS}
          selected={form.workDistrict || null}
          onSelect={(workDistrict) => {
            setDistrictOpen(false);
            join.touch('workDistrict');
            update({ workDistrict, districtGuessed: false }, ['workDistrict']);
          }}
        />
      </Sheet>

      <CodeSheet
        open={codeOpen}
        onClose={() => setCodeOpen(false)}
        onApplied={(code) => {
          setCodeOpen(false);
          join.takeEventCode(code);
        }}
      />

      <UnionSheet
        open={unionOpen}
        onClose={() => setUnionOpen(false)}
        onPick={(org) => {
          setUnionOpen(false);
          join.pickUnion(org);
        }}
        selectedId={form.union.kind === 'org' ? form.union.orgId : undefined}
      />

      <JoinFooter join={join} correcting={Boolean(correcting)} returnTo={returnTo} />
    </Screen>
  );
}
