import qrcode from 'qrcode-generator';

/**
 * A QR code as an image data URL, drawn by qrcode-generator (maintained, no dependencies, no canvas:
 * the same code runs on weapp and H5). Error correction M survives a scratched poster or a cracked
 * screen; the version grows with the text.
 */
export function qrDataUrl(text: string, cellSize = 8, margin = 4): string {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  return qr.createDataURL(cellSize, margin);
}
