import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { OrgContact } from '@union/shared';
import { myApplications } from '../../api/applications';
import { isSignedIn } from '../../api/session';
import Screen from '../../components/Screen';
import { CARD_PAGE, JOIN_PAGE, MESSAGES_PAGE, STATIONS_PAGE, openPage } from '../../lib/navigation';
import './index.scss';

/** 全国总工会职工服务热线: every local union answers it. */
const HOTLINE = '12351';

interface Topic {
  title: string;
  lines: string[];
  link?: { label: string; page: string };
}

const TOPICS: Topic[] = [
  {
    title: '怎样加入工会',
    lines: [
      '1. 在首页点「我要入会」，或扫工会现场摆摊的二维码。',
      '2. 用本人手机号收验证码登录，填写姓名、身份证号和工作单位。',
      '3. 提交后由工会工作人员在工作时间审核，结果会发到「消息」。',
      '没有单位工会的快递员、外卖骑手、货车司机，可以选择街道工会或行业工会。',
    ],
    link: { label: '去申请入会', page: JOIN_PAGE },
  },
  {
    title: '会员卡能做什么',
    lines: [
      '会员码：在驿站、普惠商户出示，工作人员扫码确认您是会员。会员码每分钟更新，截图无效。',
      '预约服务：免费法律咨询、心理疏导、职工学堂等，在「服务」里选时段预约。',
      '会员福利：领取夏送清凉、消费券等，券在「我的券」里出示核销。',
      '暖心驿站：户外劳动者可以歇脚、喝水、热饭、充电。',
    ],
    link: { label: '打开会员卡', page: CARD_PAGE },
  },
  {
    title: '消息和通知',
    lines: [
      '审核结果、候补名额、预约提醒都会发到「消息」，有未读时「我的」会显示红点。',
      '在微信里使用时通过微信服务通知提醒；在浏览器里使用时，您可以在「我的」打开「短信通知」。',
    ],
    link: { label: '查看消息', page: MESSAGES_PAGE },
  },
  {
    title: '联系工会',
    lines: [
      `全国总工会职工服务热线 ${HOTLINE}：入会、维权、法律咨询都可以打。`,
      '也可以到附近的暖心驿站或所在街道工会当面咨询。',
      '更换手机号、注销账号，请联系您所在的工会办理。',
    ],
    link: { label: '找附近的驿站', page: STATIONS_PAGE },
  },
];

const call = (phoneNumber: string) => void Taro.makePhoneCall({ phoneNumber }).catch(() => undefined);

/** The union the member applied to, with its phone and hours, once signed in. */
function useOwnUnion() {
  const [own, setOwn] = useState<{ name: string; contact: OrgContact } | null>(null);
  useEffect(() => {
    if (!isSignedIn()) return;
    myApplications()
      .then((list) => setOwn(list[0] ? { name: list[0].orgName, contact: list[0].orgContact } : null))
      .catch(() => setOwn(null));
  }, []);
  return own;
}

export default function HelpPage() {
  const own = useOwnUnion();
  return (
    <Screen className="help">
      {TOPICS.map((topic) => (
        <View key={topic.title} className="section">
          <View className="section__title">{topic.title}</View>
          <View className="card">
            {topic.lines.map((line) => (
              <View key={line} className="help__line">
                {line}
              </View>
            ))}
            {topic.title === '联系工会' && own ? (
              <View className="help__own">
                <View className="help__own-name">您的工会：{own.name}</View>
                {own.contact.officeHoursText ? <View className="muted">工作时间 {own.contact.officeHoursText}</View> : null}
                {own.contact.phone ? (
                  <View className="help__call" hoverClass="help__call--pressed" ariaRole="button" onClick={() => call(own.contact.phone!)}>
                    拨打工会电话 {own.contact.phone}
                  </View>
                ) : null}
              </View>
            ) : null}
            {topic.title === '联系工会' ? (
              <View className="help__call help__call--plain" hoverClass="help__call--pressed" ariaRole="button" onClick={() => call(HOTLINE)}>
                拨打热线 {HOTLINE}
              </View>
            ) : null}
            {topic.link ? (
              <View className="help__link" hoverClass="help__link--pressed" ariaRole="link" onClick={() => openPage(topic.link!.page)}>
                {topic.link.label} ›
              </View>
            ) : null}
          </View>
        </View>
      ))}
    </Screen>
  );
}
