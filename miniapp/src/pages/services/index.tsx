import { View } from '@tarojs/components';
import Screen from '../../components/Screen';
import { MERCHANTS_PAGE, openPage, showComingSoon } from '../../lib/navigation';
import './index.scss';

interface Service {
  key: string;
  title: string;
  icon: string;
  description: string;
}

// The union's member services. None is bookable in the app yet; each says so plainly.
const SERVICES: Service[] = [
  { key: 'legal', title: '法律援助', icon: '法', description: '劳动争议、拖欠工资、工伤认定，预约律师免费咨询。' },
  { key: 'counselling', title: '心理咨询', icon: '心', description: '一对一心理咨询与心灵驿站活动，说说心里话。' },
  { key: 'school', title: '职工学堂', icon: '学', description: '技能培训和夜校课程，学完可积累技能提升积分。' },
  { key: 'station', title: '暖心驿站', icon: '驿', description: '找附近的户外劳动者驿站：喝水、热饭、充电、歇脚。' },
  { key: 'sanatorium', title: '疗休养', icon: '休', description: '工会组织的疗休养活动，按各工会名额报名。' },
  { key: 'summer', title: '暑托班', icon: '托', description: '为职工子女开办的暑期托管班，名额有限。' },
];

export default function ServicesPage() {
  return (
    <Screen className='services'>
      <View className='services__intro muted'>以下服务正在陆续上线，上线后会员可在这里直接预约。</View>
      <View className='services__list'>
        <View className='service card' hoverClass='service--pressed' ariaRole='button' ariaLabel='普惠商户' onClick={() => openPage(MERCHANTS_PAGE)}>
          <View className='service__icon'>惠</View>
          <View className='service__body'>
            <View className='service__head'>
              <View className='service__title'>普惠商户</View>
            </View>
            <View className='service__desc muted'>附近的餐饮、手机维修、洗车、汽修、加油、住宿，凭会员码享优惠。</View>
          </View>
        </View>
        {SERVICES.map((service) => (
          <View
            key={service.key}
            className='service card'
            hoverClass='service--pressed'
            ariaRole='button'
            ariaLabel={`${service.title}，即将上线`}
            onClick={() => showComingSoon(service.title)}
          >
            <View className='service__icon'>{service.icon}</View>
            <View className='service__body'>
              <View className='service__head'>
                <View className='service__title'>{service.title}</View>
                <View className='tag tag--warn service__badge'>即将上线</View>
              </View>
              <View className='service__desc muted'>{service.description}</View>
            </View>
          </View>
        ))}
      </View>
    </Screen>
  );
}
