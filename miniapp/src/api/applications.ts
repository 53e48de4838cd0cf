import {
  idCardOcrResponseSchema,
  routePreviewResponseSchema,
  type RoutePreviewQuery,
  type RoutePreviewResponse,
  type IdCardOcrResponse,
  applicationSchema,
  myApplicationsResponseSchema,
  type Application,
  type ApplicationInput,
} from '@union/shared';
import { request } from './http';

/** 201 with the application, routed to the union that decides. */
export function submitApplication(input: ApplicationInput): Promise<Application> {
  return request({ method: 'POST', path: '/applications', body: input, schema: applicationSchema });
}

/** Corrects a rejected application and sends it again. */
export function resubmitApplication(id: string, input: ApplicationInput): Promise<Application> {
  return request({ method: 'PUT', path: `/applications/${encodeURIComponent(id)}`, body: input, schema: applicationSchema });
}

/** Newest first. */
export async function myApplications(): Promise<Application[]> {
  const res = await request({ path: '/applications/mine', schema: myApplicationsResponseSchema });
  return res.items;
}

export function withdrawApplication(id: string): Promise<Application> {
  return request({ method: 'POST', path: `/applications/${encodeURIComponent(id)}/withdraw`, schema: applicationSchema });
}

/** Reads name and ID number from a photo of the ID card (base64 JPEG). The server keeps no copy. */
export function readIdCard(imageBase64: string): Promise<IdCardOcrResponse> {
  return request({ method: 'POST', path: '/ocr/id-card', body: { image: imageBase64 }, schema: idCardOcrResponseSchema });
}

/** Which union would review an application with these answers (the server's own routing); no sign-in needed. */
export function previewRoute(query: RoutePreviewQuery): Promise<RoutePreviewResponse> {
  const params = Object.entries(query)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return request({ path: `/applications/route-preview?${params}`, schema: routePreviewResponseSchema, auth: false });
}
