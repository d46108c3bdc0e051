#!/bin/sh
# Starts Redis 7 with ACL users (docker-compose.yml): no default user; `jwh` for the services,
# limited to the queue keys (jwh:*) and without the commands that wipe, reconfigure or stop the
# server; `health` may only PING. Passwords come from the environment, never from a file here.
set -eu
: "${REDIS_PASSWORD:?set REDIS_PASSWORD}"
exec redis-server --appendonly yes --maxmemory-policy noeviction \
  --user default off \
  --user jwh on ">${REDIS_PASSWORD}" '~jwh:*' '&*' '+@all' '-flushall' '-flushdb' '-config' '-shutdown' '-debug' '-replicaof' '-slaveof' '-acl' '-module' '-save' '-bgsave' '-bgrewriteaof' \
  --user health on nopass '+ping'
