export { createOcrService, type OcrService } from './ocr.service';
export { ocrRoutes } from './ocr.routes';
