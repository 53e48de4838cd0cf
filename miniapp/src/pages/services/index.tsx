import { View } from '@tarojs/components';
import Screen from '../../components/Screen';
import { STATIONS_PAGE, openPage, showComingSoon } from '../../lib/navigation';
import './index.scss';

interface Service {
  key: string;
  title: string;
  icon: string;
  description: string;
  /** A page to open; services without one are not built yet and say so. */
  url?: string;
}

// The union's member services. Those not in the app yet say so plainly.
const SERVICES: Service[] = [
  { key: 'legal', title: '法律援助', icon: '法', description: '劳动争议、拖欠工资、工伤认定，预约律师免费咨询。' },
  { key: 'counselling', title: '心理咨询', icon: '心', description: '一对一心理咨询与心灵驿站活动，说说心里话。' },
  { key: 'school', title: '职工学堂', icon: '学', description: '技能培训和夜校课程，学完可积累技能提升积分。' },
  { key: 'station', title: '暖心驿站', icon: '驿', description: '找附近的户外劳动者驿站：喝水、热饭、充电、歇脚。', url: STATIONS_PAGE },
  { key: 'sanatorium', title: '疗休养', icon: '休', description: '工会组织的疗休养活动，按各工会名额报名。' },
  { key: 'summer', title: '暑托班', icon: '托', description: '为职工子女开办的暑期托管班，名额有限。' },
];

export default function ServicesPage() {
  return (
    <Screen className='services'>
      <View className='services__intro muted'>以下服务正在陆续上线，上线后会员可在这里直接预约。</View>
      <View className='services__list'>
        {SERVICES.map((service) => (
          <View
            key={service.key}
            className='service card'
            hoverClass='service--pressed'
            ariaRole='button'
            ariaLabel={service.url ? service.title : `${service.title}，即将上线`}
            onClick={() => (service.url ? openPage(service.url) : showComingSoon(service.title))}
          >
            <View className='service__icon'>{service.icon}</View>
            <View className='service__body'>
              <View className='service__head'>
                <View className='service__title'>{service.title}</View>
                {service.url ? null : <View className='tag tag--warn service__badge'>即将上线</View>}
              </View>
              <View className='service__desc muted'>{service.description}</View>
            </View>
          </View>
        ))}
      </View>
    </Screen>
  );
}
