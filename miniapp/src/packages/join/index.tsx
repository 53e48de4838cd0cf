import { View } from '@tarojs/components';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import Screen from '../../components/Screen';
import { HOME_PAGE, openPage } from '../../lib/navigation';
import './index.scss';

/** Placeholder until the application form ships; it says so rather than pretending. */
export default function JoinPage() {
  return (
    <Screen withFooter className='join'>
      <View className='section'>
        <View className='card join__notice'>
          <View className='tag tag--warn'>即将上线</View>
          <View className='join__title'>线上入会申请表正在建设中</View>
          <View className='join__text'>
            上线后，您只需填写姓名、身份证号、工作单位或所在平台、职业类别和工作区域，工作人员审核通过后即可领取电子会员卡。
          </View>
        </View>
      </View>

      <View className='section'>
        <View className='section__title'>现在可以这样入会</View>
        <View className='card join__steps'>
          <View className='join__step'>
            <View className='join__step-no'>1</View>
            <View className='join__step-text'>到附近的职工沟通会（入会摊位）现场，工作人员会协助您当场办理。</View>
          </View>
          <View className='join__step'>
            <View className='join__step-no'>2</View>
            <View className='join__step-text'>单位有工会的，联系本单位工会办理。</View>
          </View>
          <View className='join__step'>
            <View className='join__step-no'>3</View>
            <View className='join__step-text'>单位没有工会的，可到工作所在地的街道（乡镇）总工会或行业工会联合会申请。</View>
          </View>
        </View>
      </View>

      <FooterBar>
        <ActionButton onClick={() => openPage(HOME_PAGE)}>返回首页</ActionButton>
      </FooterBar>
    </Screen>
  );
}
