import { useEffect, useRef, useState } from 'react';
import { Input, View } from '@tarojs/components';
import ActionButton from '../ActionButton';
import { ScanUnavailable, scanWithWeappCamera, startH5Camera } from '../../lib/scan';
import './index.scss';

interface ScanPanelProps {
  /** 扫会员码, 扫一扫… */
  scanLabel: string;
  /** What the typed-code field is for, e.g. 会员码. */
  codeLabel: string;
  /** Turns typed text into the QR's text: a short code (K7QM-3XPA) is resolved for the page's purpose (hooks/typed-code). */
  resolveTyped: (typed: string) => Promise<string>;
  /** A check is running: buttons show progress. */
  busy: boolean;
  /** Called with what the camera read or what was typed. */
  onCode: (text: string) => void;
  /** The typed code's button and its progress text: 核验 by default, 核销 for vouchers. */
  submitLabel?: string;
  busyText?: string;
}

let panels = 0;

/**
 * Scan with the camera (weapp: the system scanner, camera only; H5: the camera in the page, decoder loaded on
 * first use) or type the code: the typed path works where there is no camera, or no permission for it. A typed
 * short code (the 8 characters under the QR) is first turned into the QR's text by `resolveTyped`.
 */
export default function ScanPanel({ scanLabel, codeLabel, resolveTyped, busy, onCode, submitLabel = '核验', busyText = '正在核验…' }: ScanPanelProps) {
  const [typed, setTyped] = useState('');
  const [resolving, setResolving] = useState(false);
  const [cameraOn, setCameraOn] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const stopRef = useRef<(() => void) | null>(null);
  const idRef = useRef(`scan-camera-${++panels}`);

  useEffect(() => () => stopRef.current?.(), []);

  async function scan() {
    setProblem(null);
    if (process.env.TARO_ENV !== 'h5') {
      try {
        const text = await scanWithWeappCamera();
        if (text) onCode(text);
      } catch (error) {
        setProblem(error instanceof ScanUnavailable ? error.message : '无法打开扫码，请输入码');
      }
      return;
    }
    if (cameraOn) {
      stopRef.current?.();
      stopRef.current = null;
      setCameraOn(false);
      return;
    }
    setCameraOn(true);
    // The container must be on the page before the video goes in.
    await new Promise((r) => setTimeout(r, 50));
    const container = document.getElementById(idRef.current);
    try {
      if (!container) throw new ScanUnavailable('无法打开摄像头，请输入码');
      stopRef.current = await startH5Camera(container, (text) => {
        stopRef.current = null;
        setCameraOn(false);
        onCode(text);
      });
    } catch (error) {
      setCameraOn(false);
      setProblem(error instanceof ScanUnavailable ? error.message : '无法打开摄像头，请输入码');
    }
  }

  const submitTyped = async () => {
    const text = typed.trim();
    if (!text) {
      setProblem(`请输入${codeLabel}`);
      return;
    }
    setProblem(null);
    setResolving(true);
    try {
      onCode(await resolveTyped(text));
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setResolving(false);
    }
  };
  const working = busy || resolving;

  return (
    <View className="scan-panel card">
      {process.env.TARO_ENV === 'h5' ? <View id={idRef.current} className={`scan-panel__camera ${cameraOn ? 'scan-panel__camera--on' : ''}`} /> : null}
      <ActionButton onClick={() => void scan()} loading={working} loadingText={busyText}>
        {cameraOn ? '关闭摄像头' : scanLabel}
      </ActionButton>
      {problem ? (
        <View className="scan-panel__problem" ariaRole="alert">
          {problem}
        </View>
      ) : null}
      <View className="scan-panel__typed">
        <View className="scan-panel__label">或输入{codeLabel}</View>
        <View className="scan-panel__row">
          <Input
            className="scan-panel__input"
            type="text"
            value={typed}
            maxlength={200}
            placeholder="二维码下方的码，如 K7QM-3XPA"
            placeholderClass="scan-panel__placeholder"
            ariaLabel={codeLabel}
            confirmType="done"
            onInput={(e) => setTyped(e.detail.value)}
            onConfirm={() => void submitTyped()}
          />
        </View>
        <ActionButton variant="secondary" onClick={() => void submitTyped()} loading={working} loadingText={busyText}>
          {submitLabel}
        </ActionButton>
      </View>
    </View>
  );
}
