import { apiRoute } from '@/lib/http/api-route';
import { NotFound } from '@/lib/errors';

/** Unknown API paths answer in the API's error shape (after authentication, so nothing leaks to anonymous callers). */
const notFound = apiRoute({}, () => {
  throw new NotFound('API route');
});

export { notFound as GET, notFound as POST, notFound as PATCH, notFound as PUT, notFound as DELETE };
