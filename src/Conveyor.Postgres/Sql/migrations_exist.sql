-- Whether the migrations table exists (without creating anything). Input: @table (the qualified name).
SELECT to_regclass(@table) IS NOT NULL;
