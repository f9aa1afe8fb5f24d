import { z } from '@hono/zod-openapi';
import { ProblemSchema } from './problem';

/** Small builders that keep route definitions short and their documentation uniform. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
export const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
export const problems = {
  400: json(ProblemSchema, 'Invalid input'),
  401: json(ProblemSchema, 'Not signed in'),
  403: json(ProblemSchema, 'Not allowed'),
  404: json(ProblemSchema, 'Not found or out of reach'),
  409: json(ProblemSchema, 'Conflict'),
};
export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
export const tag = (t: string) => ({ tags: [t] });
