DROP TABLE IF EXISTS contracts;
DROP TYPE IF EXISTS contract_status;
