export { figureDeltas, figureItemDays, figureOrgDays } from './figures.table';
export { createFiguresService, type FiguresService } from './figures.service';
export { createStationSearchCounter, type StationSearchCounter } from './figures.searches';
export { figuresFoldJob } from './figures.jobs';
export { figuresRoutes } from './figures.routes';
export { naiveFigures, type NaiveFigures } from './figures.naive';
