import { View } from '@tarojs/components';
import ActionButton from '../ActionButton';
import FooterBar from '../FooterBar';
import { EmptyState } from '../StateView';
import { goToLogin } from '../../lib/navigation';

interface SignedOutProps {
  title: string;
  description: string;
  /** Where the login page brings the user back to. */
  returnTo: string;
}

/** Shown when the user came back from the login page without signing in. Use inside <Screen withFooter>. */
export default function SignedOut({ title, description, returnTo }: SignedOutProps) {
  return (
    <>
      <View className="section">
        <EmptyState title={title} description={description} />
      </View>
      <FooterBar>
        <ActionButton onClick={() => goToLogin(returnTo)}>登录</ActionButton>
      </FooterBar>
    </>
  );
}
