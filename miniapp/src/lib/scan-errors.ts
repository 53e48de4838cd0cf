/** Thrown when the camera cannot be used; its message says what to do instead. */
export class ScanUnavailable extends Error {
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, ScanUnavailable.prototype);
    this.name = 'ScanUnavailable';
  }
}
