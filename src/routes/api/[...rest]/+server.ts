import { notFound } from '$lib/server/errors';
import { errorResponse } from '$lib/server/http';
import type { RequestHandler } from './$types';

// Unknown API paths answer in the API's error shape rather than with an HTML page.
export const fallback: RequestHandler = async () => errorResponse(notFound('Endpoint'));
