export { stations, stationHostKind, type StationRow, type NewStation } from './stations.table';
export { STATIONS_CHANGED_CHANNEL, upsertStations, countStations, findStationPlace, stationPlacesInScope } from './stations.repository';
export { createStationsService, beijingMinuteOfWeek, type StationsService } from './stations.service';
export { decodeStationCsv, readStationCsv, type StationCsvRow } from './stations.csv';
export { stationsRoutes } from './stations.routes';
export { createStationMemory, type StationMemory } from './stations.memory';
export { stationErrors } from './stations.errors';
