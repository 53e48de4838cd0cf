import { useEffect, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { getFontScale, subscribeFontScale } from '../lib/font-scale';

export function useFontScale(): number {
  const [scale, setScale] = useState(getFontScale);
  useEffect(() => subscribeFontScale(() => setScale(getFontScale())), []);
  // The care switch may have changed on another page while this one was hidden.
  useDidShow(() => setScale(getFontScale()));
  return scale;
}
