-- Each mesh's root CA (DOMAIN.md §6.1): the certificate in clear, the private key sealed with the service key.
ALTER TABLE mesh ADD COLUMN ca_cert text;
ALTER TABLE mesh ADD COLUMN ca_key_sealed text;
