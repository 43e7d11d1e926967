/** Signed in, a refused page keeps the app shell (navigation at hand); the page itself is app/forbidden.tsx. */
export { default } from '../forbidden';
