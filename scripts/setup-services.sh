#!/usr/bin/env bash
# Idempotent setup of the local services RagStore's integration tests use:
#   - PostgreSQL 15 (Debian package) + pgvector (built from Debian's source package)
#   - Redis (Debian package)
#   - Milvus Lite (PyPI, in a virtualenv under .services/)
#
# Handles: nothing installed / installed but stopped / everything running.
# A run with everything installed and running changes nothing and takes a few seconds.
#
# Log lines go to stderr; the env values tests use go to stdout as `export` lines, so
#   eval "$(bash scripts/setup-services.sh)"
# sets them in the calling shell.
#
# If RAGSTORE_PG_URL / RAGSTORE_REDIS_URL / RAGSTORE_MILVUS_URI is already set and points
# anywhere other than the local default (127.0.0.1/localhost on the default port), that
# service is left alone and the given value is passed through.
#
# Stop the services:
#   pg_ctlcluster 15 main stop
#   redis-cli -h 127.0.0.1 -p 6379 shutdown
#   kill "$(cat .services/milvus.pid)"
set -euo pipefail

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (installs Debian packages, manages PostgreSQL/Redis)"

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVICES_DIR="$ROOT_DIR/.services"

PG_MAJOR=15
PG_CLUSTER=main
PG_PORT=5432
PG_SHARED_BUFFERS=1GB
PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
PG_CONFIG=$PG_BIN/pg_config
PG_EXT_DIR=/usr/share/postgresql/$PG_MAJOR/extension
PG_DB=ragstore
PG_USER=ragstore
PG_PASSWORD=ragstore
# The runtime role of the two-role set-up (docs/security.md): it logs in and runs queries, but
# owns nothing; the schema's owner (PG_USER) migrates and grants it the rows.
PG_APP_USER=ragstore_app
PG_APP_PASSWORD=ragstore_app
PGVECTOR_MIN=0.8.0
# Newer Debian suite whose *source* package of pgvector is built against PG 15.
# Only a deb-src line is added for it, never a deb line.
PGVECTOR_SRC_SUITE=trixie
PGVECTOR_SRC_LIST=/etc/apt/sources.list.d/ragstore-pgvector-src.sources

REDIS_PORT=6379

MILVUS_LITE_VERSION=3.2.2
PYMILVUS_VERSION=3.0.2 # milvus-lite 3.x needs pymilvus (its gRPC stubs) but does not declare it
MILVUS_PORT=19530
MILVUS_VENV=$SERVICES_DIR/milvus-venv
MILVUS_DATA=$SERVICES_DIR/milvus-data
MILVUS_LOG=$SERVICES_DIR/milvus.log
MILVUS_PID=$SERVICES_DIR/milvus.pid
MILVUS_START_TIMEOUT=${MILVUS_START_TIMEOUT:-90}
PYTHON=/usr/bin/python3

DEFAULT_PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB?user=$PG_USER&password=$PG_PASSWORD"
DEFAULT_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
DEFAULT_MILVUS_URI="http://127.0.0.1:$MILVUS_PORT"

export DEBIAN_FRONTEND=noninteractive

# ---------------------------------------------------------------- helpers

# is_local_url URL PORT: true when URL is empty, or names 127.0.0.1/localhost/[::1] with
# PORT written explicitly (as the defaults above are); anything else counts as "elsewhere".
is_local_url() {
    local url=$1 port=$2 hostport
    [[ -z $url ]] && return 0
    hostport=${url#*://}           # strip scheme (jdbc:postgresql://, redis://, http://)
    hostport=${hostport#*@}        # strip userinfo
    hostport=${hostport%%[/?]*}    # strip path/query
    case $hostport in
        127.0.0.1:"$port" | localhost:"$port" | "[::1]:$port") return 0 ;;
        *) return 1 ;;
    esac
}

port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

pkg_installed() { [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]; }

version_ge() { dpkg --compare-versions "$1" ge "$2"; }

APT_UPDATED=0
apt_update_once() {
    if [[ $APT_UPDATED -eq 0 ]]; then
        log "apt-get update"
        apt-get update -qq >&2
        APT_UPDATED=1
    fi
}

apt_install() {
    local missing=() p
    for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    apt_update_once
    log "apt-get install ${missing[*]}"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# URI of the Debian archive this machine already uses for its own release, from apt's
# config (deb822 *.sources or one-line *.list), so that no mirror host is named here.
debian_archive_uri() {
    local codename=$1 f uri
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f $f && $f != "$PGVECTOR_SRC_LIST" ]] || continue
        uri=$(awk -v suite="$codename" '
            BEGIN { RS = ""; FS = "\n" }
            {
                types = ""; uris = ""; suites = ""
                for (i = 1; i <= NF; i++) {
                    if ($i ~ /^Types:/)  { types = $i;  sub(/^Types:[ \t]*/, "", types) }
                    if ($i ~ /^URIs:/)   { uris = $i;   sub(/^URIs:[ \t]*/, "", uris) }
                    if ($i ~ /^Suites:/) { suites = $i; sub(/^Suites:[ \t]*/, "", suites) }
                }
                if ((" " types " ") !~ / deb /) next
                n = split(suites, s, /[ \t]+/)
                for (j = 1; j <= n; j++) if (s[j] == suite) { split(uris, u, /[ \t]+/); print u[1]; exit }
            }' "$f")
        [[ -n $uri ]] && { echo "$uri"; return 0; }
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f $f ]] || continue
        uri=$(awk -v suite="$codename" '
            $1 == "deb" {
                i = 2
                if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                if ($(i + 1) == suite) { print $i; exit }
            }' "$f")
        [[ -n $uri ]] && { echo "$uri"; return 0; }
    done
    return 1
}

# ---------------------------------------------------------------- which services are ours

PG_URL=${RAGSTORE_PG_URL:-$DEFAULT_PG_URL}
REDIS_URL=${RAGSTORE_REDIS_URL:-$DEFAULT_REDIS_URL}
MILVUS_URI=${RAGSTORE_MILVUS_URI:-$DEFAULT_MILVUS_URI}

MANAGE_PG=1; MANAGE_REDIS=1; MANAGE_MILVUS=1
is_local_url "${RAGSTORE_PG_URL:-}" "$PG_PORT" || { MANAGE_PG=0; log "RAGSTORE_PG_URL points elsewhere; not managing local PostgreSQL"; }
is_local_url "${RAGSTORE_REDIS_URL:-}" "$REDIS_PORT" || { MANAGE_REDIS=0; log "RAGSTORE_REDIS_URL points elsewhere; not managing local Redis"; }
is_local_url "${RAGSTORE_MILVUS_URI:-}" "$MILVUS_PORT" || { MANAGE_MILVUS=0; log "RAGSTORE_MILVUS_URI points elsewhere; not managing local Milvus Lite"; }

# ---------------------------------------------------------------- packages

PKGS=()
[[ $MANAGE_PG -eq 1 ]] && PKGS+=(postgresql-$PG_MAJOR postgresql-client-$PG_MAJOR)
[[ $MANAGE_REDIS -eq 1 ]] && PKGS+=(redis-server redis-tools)
[[ $MANAGE_MILVUS -eq 1 ]] && PKGS+=(python3 python3-venv)

NEED_PGVECTOR=0
if [[ $MANAGE_PG -eq 1 && ! -f $PG_EXT_DIR/vector.control ]]; then
    NEED_PGVECTOR=1
    PKGS+=(postgresql-server-dev-$PG_MAJOR build-essential dpkg-dev)
fi

if [[ $NEED_PGVECTOR -eq 1 ]]; then
    # deb-src ONLY: lets `apt-get source` see the newer suite's pgvector without any
    # binary package of that suite becoming installable/upgradable.
    . /etc/os-release
    CODENAME=${VERSION_CODENAME:-bookworm}
    ARCHIVE_URI=$(debian_archive_uri "$CODENAME") ||
        die "no 'deb' source for suite '$CODENAME' found in /etc/apt; cannot derive the archive URI"
    SRC_CONTENT="# Added by RagStore scripts/setup-services.sh: SOURCE packages only (pgvector build).
Types: deb-src
URIs: $ARCHIVE_URI
Suites: $PGVECTOR_SRC_SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
    if [[ ! -f $PGVECTOR_SRC_LIST || $(cat "$PGVECTOR_SRC_LIST") != "$SRC_CONTENT" ]]; then
        log "writing $PGVECTOR_SRC_LIST (deb-src $PGVECTOR_SRC_SUITE from $ARCHIVE_URI)"
        printf '%s\n' "$SRC_CONTENT" >"$PGVECTOR_SRC_LIST"
    fi
    apt_update_once # the deb-src index must be fetched even if no package is missing
fi

[[ ${#PKGS[@]} -gt 0 ]] && apt_install "${PKGS[@]}"

# ---------------------------------------------------------------- pgvector

if [[ $NEED_PGVECTOR -eq 1 ]]; then
    BUILD_DIR=$(mktemp -d /tmp/ragstore-pgvector.XXXXXX)
    trap 'rm -rf "$BUILD_DIR"' EXIT
    # let apt's unprivileged _apt user write the download (avoids the "unsandboxed" warning)
    if id _apt >/dev/null 2>&1; then chown _apt "$BUILD_DIR"; fi
    log "fetching Debian source package pgvector/$PGVECTOR_SRC_SUITE into $BUILD_DIR"
    (cd "$BUILD_DIR" && apt-get source -qq "pgvector/$PGVECTOR_SRC_SUITE" >&2)
    SRC_DIR=$(find "$BUILD_DIR" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
    [[ -n $SRC_DIR ]] || die "apt-get source pgvector produced no source tree"
    PGVECTOR_VERSION=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$SRC_DIR/vector.control")
    version_ge "$PGVECTOR_VERSION" "$PGVECTOR_MIN" ||
        die "pgvector $PGVECTOR_VERSION from $PGVECTOR_SRC_SUITE is older than required $PGVECTOR_MIN"
    log "building pgvector $PGVECTOR_VERSION against PostgreSQL $PG_MAJOR"
    # OPTFLAGS= : no -march=native, so the library does not depend on this CPU's extensions.
    make -s -C "$SRC_DIR" PG_CONFIG="$PG_CONFIG" OPTFLAGS= -j"$(nproc)" >&2
    make -s -C "$SRC_DIR" PG_CONFIG="$PG_CONFIG" OPTFLAGS= install >&2
    [[ -f $PG_EXT_DIR/vector.control ]] || die "pgvector install did not produce $PG_EXT_DIR/vector.control"
    log "pgvector $PGVECTOR_VERSION installed"
fi

# ---------------------------------------------------------------- PostgreSQL

pg_su() { runuser -u postgres -- "$PG_BIN/psql" -p "$PG_PORT" -X -q -v ON_ERROR_STOP=1 -At "$@"; }

if [[ $MANAGE_PG -eq 1 ]]; then
    if [[ ! -d /etc/postgresql/$PG_MAJOR/$PG_CLUSTER ]]; then
        log "creating PostgreSQL cluster $PG_MAJOR/$PG_CLUSTER on port $PG_PORT"
        pg_createcluster --port "$PG_PORT" "$PG_MAJOR" "$PG_CLUSTER" >&2
    fi
    CONF_PORT=$(pg_conftool -s "$PG_MAJOR" "$PG_CLUSTER" show port 2>/dev/null || echo "$PG_PORT")
    [[ $CONF_PORT == "$PG_PORT" ]] ||
        die "cluster $PG_MAJOR/$PG_CLUSTER is configured for port $CONF_PORT, expected $PG_PORT"

    PG_STATUS=0
    pg_ctlcluster "$PG_MAJOR" "$PG_CLUSTER" status >/dev/null 2>&1 || PG_STATUS=$?
    if [[ $PG_STATUS -eq 0 ]]; then
        log "PostgreSQL $PG_MAJOR/$PG_CLUSTER already running on port $PG_PORT"
    else
        log "starting PostgreSQL $PG_MAJOR/$PG_CLUSTER (pg_ctlcluster)"
        pg_ctlcluster "$PG_MAJOR" "$PG_CLUSTER" start >&2
    fi

    # Debian's default shared_buffers (128MB) holds less than one benchmark table; the vector
    # tables of a 100k-row space are several hundred MB. 1GB of this machine's 24 GiB.
    if [[ $(pg_su -c "SHOW shared_buffers") != "$PG_SHARED_BUFFERS" ]]; then
        log "setting shared_buffers = $PG_SHARED_BUFFERS and restarting PostgreSQL $PG_MAJOR/$PG_CLUSTER"
        pg_conftool "$PG_MAJOR" "$PG_CLUSTER" set shared_buffers "$PG_SHARED_BUFFERS"
        pg_ctlcluster "$PG_MAJOR" "$PG_CLUSTER" restart >&2
    fi

    # Password auth over TCP on 127.0.0.1 relies on a `host ... 127.0.0.1/32 scram-sha-256`
    # (or md5) line in pg_hba.conf, which Debian ships by default.
    HBA=$(pg_su -c "SHOW hba_file")
    if ! grep -Eq '^[[:space:]]*host[[:space:]]+(all|'"$PG_DB"')[[:space:]]+(all|'"$PG_USER"')[[:space:]]+127\.0\.0\.1/32[[:space:]]+(scram-sha-256|md5)' "$HBA"; then
        log "adding scram-sha-256 rule for $PG_USER@127.0.0.1 to $HBA"
        sed -i "1i host    $PG_DB    $PG_USER    127.0.0.1/32    scram-sha-256  # RagStore" "$HBA"
        pg_su -c "SELECT pg_reload_conf()" >/dev/null
    fi

    if [[ -z $(pg_su -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'") ]]; then
        log "creating role $PG_USER (LOGIN, NOSUPERUSER, CREATEDB)"
        pg_su -c "CREATE ROLE $PG_USER LOGIN NOSUPERUSER CREATEDB PASSWORD '$PG_PASSWORD'"
    elif [[ $(pg_su -c "SELECT rolcanlogin AND NOT rolsuper AND rolcreatedb FROM pg_roles WHERE rolname = '$PG_USER'") != t ]]; then
        log "fixing attributes of role $PG_USER (LOGIN, NOSUPERUSER, CREATEDB)"
        pg_su -c "ALTER ROLE $PG_USER LOGIN NOSUPERUSER CREATEDB"
    fi

    DB_OWNER=$(pg_su -c "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '$PG_DB'")
    if [[ -z $DB_OWNER ]]; then
        log "creating database $PG_DB owned by $PG_USER"
        pg_su -c "CREATE DATABASE $PG_DB OWNER $PG_USER"
    elif [[ $DB_OWNER != "$PG_USER" ]]; then
        log "changing owner of database $PG_DB from $DB_OWNER to $PG_USER"
        pg_su -c "ALTER DATABASE $PG_DB OWNER TO $PG_USER"
    fi

    # The extension is created by the superuser; the owner role can then use the type,
    # operators and index methods (and create its own schemas in its database).
    EXT=$(pg_su -d "$PG_DB" -F '|' -c "SELECT coalesce(e.extversion, ''), a.default_version FROM pg_available_extensions a LEFT JOIN pg_extension e ON e.extname = a.name WHERE a.name = 'vector'")
    [[ -n $EXT ]] || die "extension 'vector' is not available to PostgreSQL $PG_MAJOR"
    IFS='|' read -r EXT_INSTALLED EXT_DEFAULT <<<"$EXT"
    if [[ -z $EXT_INSTALLED ]]; then
        log "CREATE EXTENSION vector in database $PG_DB (as postgres)"
        pg_su -d "$PG_DB" -c "CREATE EXTENSION IF NOT EXISTS vector"
    elif [[ $EXT_INSTALLED != "$EXT_DEFAULT" ]]; then
        log "ALTER EXTENSION vector UPDATE ($EXT_INSTALLED -> $EXT_DEFAULT) in database $PG_DB"
        pg_su -d "$PG_DB" -c "ALTER EXTENSION vector UPDATE"
    fi

    # Check the password works over TCP; only (re)set it when it does not, so that a
    # second run changes nothing.
    if ! PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -q -At -w \
        -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -c "SELECT 1" >/dev/null 2>&1; then
        log "setting password of role $PG_USER"
        pg_su -c "ALTER ROLE $PG_USER PASSWORD '$PG_PASSWORD'"
        PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -q -At -w \
            -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -c "SELECT 1" >/dev/null ||
            die "password login as $PG_USER over TCP 127.0.0.1:$PG_PORT failed"
    fi
    if [[ -z $(pg_su -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_APP_USER'") ]]; then
        log "creating runtime role $PG_APP_USER (LOGIN, owns nothing)"
        pg_su -c "CREATE ROLE $PG_APP_USER LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$PG_APP_PASSWORD'"
    fi
    if ! grep -Eq '^[[:space:]]*host[[:space:]]+(all|'"$PG_DB"')[[:space:]]+(all|'"$PG_APP_USER"')[[:space:]]+127\.0\.0\.1/32[[:space:]]+(scram-sha-256|md5)' "$HBA"; then
        log "adding scram-sha-256 rule for $PG_APP_USER@127.0.0.1 to $HBA"
        sed -i "1i host    $PG_DB    $PG_APP_USER    127.0.0.1/32    scram-sha-256  # RagStore" "$HBA"
        pg_su -c "SELECT pg_reload_conf()" >/dev/null
    fi
    if ! PGPASSWORD=$PG_APP_PASSWORD PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -q -At -w \
        -h 127.0.0.1 -p "$PG_PORT" -U "$PG_APP_USER" -d "$PG_DB" -c "SELECT 1" >/dev/null 2>&1; then
        log "setting password of role $PG_APP_USER"
        pg_su -c "ALTER ROLE $PG_APP_USER PASSWORD '$PG_APP_PASSWORD'"
    fi
    log "PostgreSQL ready: $PG_USER@127.0.0.1:$PG_PORT/$PG_DB, vector $(pg_su -d "$PG_DB" -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'")"
fi

# ---------------------------------------------------------------- Redis

if [[ $MANAGE_REDIS -eq 1 ]]; then
    if [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; then
        log "Redis already answering PING on 127.0.0.1:$REDIS_PORT"
    else
        log "starting Redis on 127.0.0.1:$REDIS_PORT (daemonized, user redis)"
        install -d -o redis -g redis -m 750 /var/lib/redis /var/log/redis /run/redis
        runuser -u redis -- redis-server /etc/redis/redis.conf \
            --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
            --daemonize yes --supervised no \
            --pidfile /run/redis/redis-server.pid \
            --logfile /var/log/redis/redis-server.log --dir /var/lib/redis >&2
        for _ in $(seq 1 50); do
            [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] && break
            sleep 0.2
        done
        [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] ||
            die "Redis did not answer PING on 127.0.0.1:$REDIS_PORT within 10s (see /var/log/redis/redis-server.log)"
        log "Redis ready on 127.0.0.1:$REDIS_PORT"
    fi
fi

# ---------------------------------------------------------------- Milvus Lite

milvus_installed() {
    [[ -x $MILVUS_VENV/bin/milvus-lite ]] &&
        "$MILVUS_VENV/bin/python" -c '' 2>/dev/null &&
        compgen -G "$MILVUS_VENV/lib/python3*/site-packages/milvus_lite-$MILVUS_LITE_VERSION.dist-info" >/dev/null &&
        compgen -G "$MILVUS_VENV/lib/python3*/site-packages/pymilvus-$PYMILVUS_VERSION.dist-info" >/dev/null
}

if [[ $MANAGE_MILVUS -eq 1 ]]; then
    mkdir -p "$SERVICES_DIR"
    if ! milvus_installed; then
        if [[ ! -x $MILVUS_VENV/bin/python ]] || ! "$MILVUS_VENV/bin/python" -c '' 2>/dev/null; then
            log "creating virtualenv $MILVUS_VENV"
            rm -rf "$MILVUS_VENV"
            "$PYTHON" -m venv "$MILVUS_VENV"
        fi
        log "pip install milvus-lite==$MILVUS_LITE_VERSION pymilvus==$PYMILVUS_VERSION"
        "$MILVUS_VENV/bin/pip" install -q --disable-pip-version-check \
            "milvus-lite==$MILVUS_LITE_VERSION" "pymilvus==$PYMILVUS_VERSION" >&2
        milvus_installed || die "milvus-lite $MILVUS_LITE_VERSION did not install into $MILVUS_VENV"
    fi

    if port_open "$MILVUS_PORT"; then
        log "Milvus Lite (or something) already listening on 127.0.0.1:$MILVUS_PORT"
    else
        mkdir -p "$MILVUS_DATA"
        log "starting Milvus Lite $MILVUS_LITE_VERSION on 127.0.0.1:$MILVUS_PORT (log: $MILVUS_LOG)"
        printf '\n==== %s starting milvus-lite %s\n' "$(date -Is)" "$MILVUS_LITE_VERSION" >>"$MILVUS_LOG"
        # --host 127.0.0.1: the server's default is 0.0.0.0.
        PYTHONUNBUFFERED=1 setsid nohup "$MILVUS_VENV/bin/milvus-lite" server \
            --data-dir "$MILVUS_DATA" --host 127.0.0.1 --port "$MILVUS_PORT" \
            >>"$MILVUS_LOG" 2>&1 </dev/null &
        MPID=$!
        echo "$MPID" >"$MILVUS_PID"
        deadline=$((SECONDS + MILVUS_START_TIMEOUT))
        until port_open "$MILVUS_PORT"; do
            kill -0 "$MPID" 2>/dev/null ||
                die "Milvus Lite exited during startup; last log lines:
$(tail -n 20 "$MILVUS_LOG")"
            ((SECONDS < deadline)) ||
                die "Milvus Lite did not accept connections on 127.0.0.1:$MILVUS_PORT within ${MILVUS_START_TIMEOUT}s (see $MILVUS_LOG)"
            sleep 0.5
        done
        log "Milvus Lite ready on 127.0.0.1:$MILVUS_PORT (pid $MPID)"
    fi
fi

# ---------------------------------------------------------------- env for tests

log "done; env for tests on stdout"
printf "export RAGSTORE_PG_URL='%s'\n" "$PG_URL"
printf "export RAGSTORE_PG_APP_USER='%s'\nexport RAGSTORE_PG_APP_PASSWORD='%s'\n" "${RAGSTORE_PG_APP_USER:-$PG_APP_USER}" "${RAGSTORE_PG_APP_PASSWORD:-$PG_APP_PASSWORD}"
printf "export RAGSTORE_REDIS_URL='%s'\n" "$REDIS_URL"
printf "export RAGSTORE_MILVUS_URI='%s'\n" "$MILVUS_URI"
