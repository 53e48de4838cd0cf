export { stations, stationHostKind, type StationRow, type NewStation } from './stations.table';
export { upsertStations, countStations, findStationPlace, stationPlacesInScope } from './stations.repository';
export { createStationsService, beijingMinuteOfWeek, type StationsService } from './stations.service';
export { readStationCsv, type StationCsvRow } from './stations.csv';
export { stationsRoutes } from './stations.routes';
