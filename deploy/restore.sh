#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into the database named by
# DATABASE_URL (create it empty first) and into MEDIA_ROOT.
#
#   deploy/restore.sh BACKUP.dump MEDIA.tar.gz
#
# Stops at the first error and restores the database in one transaction, so a
# failed restore leaves the database empty rather than half-filled.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set (see .env.example)}"
: "${MEDIA_ROOT:?MEDIA_ROOT must be set (see .env.example)}"
if [ $# -ne 2 ]; then
  echo "usage: $0 BACKUP.dump MEDIA.tar.gz" >&2
  exit 2
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$1"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$2"
echo "Restored $1 and $2"
