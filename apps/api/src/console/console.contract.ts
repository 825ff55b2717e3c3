import { z } from 'zod';
import { errors, pathParameter, RouteContract, text } from '../docs/contract';

const tags = ['console'];
/** A built file, or the single-page app's index.html for any other path (its router reads the path). */
const failures = errors('404', '429', '503');

export const consoleContracts: RouteContract[] = [
  {
    method: 'get',
    path: '/ui',
    operationId: 'getConsole',
    summary: 'The console (public page; its data needs a session)',
    tags,
    public: true,
    responses: { '200': text('the page', 'text/html'), ...failures },
  },
  {
    method: 'get',
    path: '/ui/{path}',
    operationId: 'getConsoleFile',
    summary: 'A file of the console, or its page for any other path under /ui (public)',
    description: '`path` may hold slashes: every path under /ui is served here.',
    tags,
    public: true,
    parameters: [pathParameter('path', z.string())],
    responses: { '200': text('a built file (scripts, styles, images) or the page', '*/*'), ...failures },
  },
];
