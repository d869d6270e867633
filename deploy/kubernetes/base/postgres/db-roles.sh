#!/bin/sh
# Each service logs in as its own role, owner of its schema only (ARCHITECTURE.md, security): the same statements
# as the local suite's LocalPostgres.ensureServiceRole. Idempotent; the Job runs it on every install and upgrade.
# Connects with PGHOST/PGUSER/PGPASSWORD (an administrator); passwords come as DB_PASSWORD_<ROLE>.
set -eu
until pg_isready -q -d postgres; do echo "waiting for PostgreSQL at $PGHOST"; sleep 2; done
psql -v ON_ERROR_STOP=1 -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'asm'" | grep -q 1 \
  || psql -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE asm"
for role in gateway mesh cluster observability vm; do
  var="DB_PASSWORD_$(echo "$role" | tr a-z A-Z)"
  eval "password=\${$var}"
  psql -v ON_ERROR_STOP=1 -d asm -v password="$password" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$role') THEN CREATE ROLE $role; END IF;
END \$\$;
ALTER ROLE $role WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'password';
CREATE SCHEMA IF NOT EXISTS $role AUTHORIZATION $role;
ALTER SCHEMA $role OWNER TO $role;
DO \$\$ DECLARE t record; BEGIN
  FOR t IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = '$role' AND c.relowner <> '$role'::regrole
              AND (c.relkind IN ('r', 'p', 'v', 'm') OR c.relkind = 'S' AND NOT EXISTS (
                   SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))) LOOP
    EXECUTE format('ALTER %s %I.%I OWNER TO %I', CASE t.relkind WHEN 'S' THEN 'SEQUENCE'
      WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, '$role', t.relname, '$role');
  END LOOP;
END \$\$;
SQL
  echo "role $role: owns schema $role"
done
