#!/usr/bin/env bash
# Writes base/secrets.env with fresh random values (the same keys as base/secrets.env.example). Refuses to overwrite
# an existing file: the running suite's database passwords and sealed secrets depend on it. Usage:
#   deploy/kubernetes/generate-secrets.sh [target-file]
set -euo pipefail
target="${1:-$(dirname "$0")/base/secrets.env}"
if [[ -e "$target" ]]; then
  echo "$target exists; keep it (the database and sealed secrets use its values) or delete it first" >&2
  exit 1
fi
hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
umask 077
{
  echo "ASM_INTERNAL_TOKEN=$(hex 24)"
  echo "ASM_CRYPTO_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
  echo "ASM_BOOTSTRAP_ACCESS_KEY_ID=${ASM_BOOTSTRAP_ACCESS_KEY_ID:-LTAI$(hex 10)}"
  echo "ASM_BOOTSTRAP_ACCESS_KEY_SECRET=${ASM_BOOTSTRAP_ACCESS_KEY_SECRET:-$(head -c 22 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')}"
  echo "POSTGRES_PASSWORD=$(hex 24)"
  for role in GATEWAY MESH CLUSTER OBSERVABILITY VM; do
    echo "DB_PASSWORD_${role}=$(hex 24)"
  done
} >"$target"
echo "wrote $target"
