-- Records migration @version as applied.
INSERT INTO {schema}.migrations (version) VALUES (@version);
