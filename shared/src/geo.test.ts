import { EARTH_RADIUS_M, greatCircleMetres } from './geo';

describe('great-circle distance', () => {
  it('is zero from a point to itself and the same both ways', () => {
    const xinjiekou = { lat: 39.9402, lng: 116.3673 };
    const tiananmen = { lat: 39.9087, lng: 116.3975 };
    expect(greatCircleMetres(xinjiekou, xinjiekou)).toBe(0);
    expect(greatCircleMetres(xinjiekou, tiananmen)).toBeCloseTo(greatCircleMetres(tiananmen, xinjiekou), 6);
  });

  it('measures on earthdistance’s sphere: one degree along the equator, a quarter and half the way round', () => {
    expect(EARTH_RADIUS_M).toBe(6_378_168);
    expect(greatCircleMetres({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo((2 * Math.PI * 6_378_168) / 360, 3);
    expect(greatCircleMetres({ lat: 0, lng: 0 }, { lat: 90, lng: 0 })).toBeCloseTo((Math.PI * 6_378_168) / 2, 3);
    expect(greatCircleMetres({ lat: 10, lng: 20 }, { lat: -10, lng: -160 })).toBeCloseTo(Math.PI * 6_378_168, 0);
  });

  it('gives the distance across Beijing a map gives: Xinjiekou to Tiananmen about 4.4 km', () => {
    const metres = greatCircleMetres({ lat: 39.9402, lng: 116.3673 }, { lat: 39.9087, lng: 116.3975 });
    expect(Math.round(metres / 100) * 100).toBe(4400);
  });
});
