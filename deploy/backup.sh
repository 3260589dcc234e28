#!/usr/bin/env bash
# Back up the site: the database (pg_dump, custom format) and the uploaded media
# (a tarball), both stamped with the time, into a backup folder.
#
#   deploy/backup.sh [BACKUP_DIR]      (default: $BACKUP_DIR or /var/backups/institute)
#
# Reads DATABASE_URL and MEDIA_ROOT from the environment, e.g.
#   set -a; . /etc/institute/env; set +a; deploy/backup.sh
# Prints the paths of the two files it wrote.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set (see .env.example)}"
: "${MEDIA_ROOT:?MEDIA_ROOT must be set (see .env.example)}"
dest="${1:-${BACKUP_DIR:-/var/backups/institute}}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$dest"
dump="$dest/institute-$stamp.dump"
media="$dest/institute-media-$stamp.tar.gz"
# Custom format: compressed, and pg_restore can restore it into any database.
pg_dump --format=custom --no-owner --no-privileges --file="$dump" "$DATABASE_URL"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -czf "$media" .
echo "$dump"
echo "$media"
