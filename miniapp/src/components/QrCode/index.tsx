import { useMemo } from 'react';
import { Image } from '@tarojs/components';
import { qrDataUrl } from '../../lib/qr';

interface QrCodeProps {
  /** What the code encodes: a join link, a member-code token, a place code. */
  text: string;
  /** Read aloud by screen readers; say what the code is for. */
  label: string;
  className?: string;
}

/** A QR code drawn on the device: takes the text, fetches nothing. */
export default function QrCode({ text, label, className }: QrCodeProps) {
  const src = useMemo(() => qrDataUrl(text), [text]);
  return <Image className={className} src={src} mode='aspectFit' ariaLabel={label} />;
}
