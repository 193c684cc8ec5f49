-- The ids among @ids that name no job, in the order given (a batch's existing jobs, checked before anything of the
-- batch is inserted). Input: @ids. Each id is looked up by primary key.
SELECT wanted.id
FROM unnest(@ids::bigint[]) WITH ORDINALITY AS wanted(id, ord)
WHERE NOT EXISTS (SELECT FROM {schema}.jobs AS job WHERE job.id = wanted.id)
ORDER BY wanted.ord;
