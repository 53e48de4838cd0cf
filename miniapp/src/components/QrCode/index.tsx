import { useMemo } from 'react';
import { Image } from '@tarojs/components';
import { qrDataUrl } from '../../lib/qr';
import './index.scss';

interface QrCodeProps {
  /** What the code encodes: a link, a member code, a place code. */
  value: string;
  /** Read out by screen readers, e.g. 入会二维码，活动码 ABC123. */
  label: string;
  className?: string;
}

/** A QR code drawn on the phone, no network needed; it keeps its quiet zone, so style only its size. */
export default function QrCode({ value, label, className }: QrCodeProps) {
  const src = useMemo(() => qrDataUrl(value), [value]);
  return <Image className={`qr-code ${className ?? ''}`} src={src} mode="aspectFit" ariaLabel={label} />;
}
