export { placeCodes, placeKind } from './places.table';
export {
  createPlaceDirectory,
  type PlaceDirectory,
  type PlaceLister,
  type PlaceQuery,
  type PlaceRow,
  type PlaceResolver,
  type ResolvedPlace,
} from './places.directory';
export { createPlacesService, placeSubject, PLACE_CODE_PURPOSE, type PlacesService, type VerifiedPlaceCode } from './places.service';
export { placesRoutes } from './places.routes';
export { placeErrors } from './places.errors';
