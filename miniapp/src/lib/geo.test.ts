import { greatCircleMetres } from '@union/shared';
import { formatDistance, gcj02ToWgs84, wgs84ToGcj02 } from './geo';

describe('geo', () => {
  it('moves a Beijing GPS fix onto Chinese maps by a few hundred metres, and leaves points abroad alone', () => {
    const gcj = wgs84ToGcj02({ lat: 39.9075, lng: 116.39723 });
    // Published pair for Tiananmen: WGS-84 39.9075,116.39723 is about 39.90877,116.40347 in GCJ-02.
    expect(gcj.lat).toBeCloseTo(39.90877, 3);
    expect(gcj.lng).toBeCloseTo(116.40347, 3);
    expect(wgs84ToGcj02({ lat: 51.5, lng: -0.12 })).toEqual({ lat: 51.5, lng: -0.12 });
  });

  it('says distances the way people read them', () => {
    expect(formatDistance(28)).toBe('30 米');
    expect(formatDistance(4)).toBe('1 米');
    expect(formatDistance(1320)).toBe('1.3 公里');
    expect(formatDistance(23_400)).toBe('23 公里');
  });
});

describe('gcj02ToWgs84', () => {
  it('undoes wgs84ToGcj02 to within 10 cm in Beijing, so a pin on Tianditu tiles sits on its street', () => {
    for (const p of [
      { lat: 39.94285, lng: 116.36415 },
      { lat: 40.465, lng: 115.985 },
      { lat: 39.66, lng: 117.12 },
    ]) {
      const back = gcj02ToWgs84(wgs84ToGcj02(p));
      expect(greatCircleMetres(back, p)).toBeLessThan(0.1);
    }
  });
});
