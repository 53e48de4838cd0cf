import qrcode from 'qrcode-generator';

/** The encoder reads each character as one byte: hand it UTF-8, so Chinese text survives. */
function utf8Bytes(text: string): string {
  return encodeURIComponent(text).replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * A QR code (byte mode, error correction M, the smallest version that fits) as a GIF data URL, which
 * an Image shows on weapp and H5 alike. `cell` pixels per module, `margin` modules of quiet zone.
 */
export function qrDataUrl(text: string, cell = 8, margin = 4): string {
  const qr = qrcode(0, 'M');
  qr.addData(utf8Bytes(text), 'Byte');
  qr.make();
  return qr.createDataURL(cell, margin);
}
