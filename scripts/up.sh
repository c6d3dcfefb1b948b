#!/usr/bin/env bash
# npm run up — the quick start, on a fresh clone or any day after: installs what
# is missing, makes PostgreSQL and Redis available, migrates, loads the demo data,
# then runs the API and the worker in the foreground. Ctrl-C stops both cleanly.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/env-file.sh

# Printed at the end; the same as scripts/lib/seed/demo-staff.ts (a test checks).
DEMO_ADMIN_EMAIL=admin@shortlist.localhost
DEMO_PASSWORD=shortlist-demo-password

if [[ ! -d node_modules ]]; then
  # As scripts/test.sh: npm ci can refuse a lock file missing optional packages the
  # registry does not serve; npm install then installs the same locked versions.
  npm ci --no-audit --no-fund || { echo "npm ci failed; installing from the lock file with npm install"; npm install --no-audit --no-fund; }
fi
# The generated client is not committed; generating needs no schema engine (nor network).
[[ -f src/generated/prisma/client.ts ]] || PRISMA_SCHEMA_ENGINE_BINARY=/dev/null npx prisma generate

[[ -f .env ]] || { cp .env.example .env; echo "created .env from .env.example (edit it to change settings)"; }
load_env_file .env

bash scripts/services.sh
npm run db:migrate
# Exit 3: the seed refused to add demo data next to other data; start anyway.
npm run seed || { rc=$?; ((rc == 3)) || exit "$rc"; echo "(continuing without demo data)"; }

# The two run as plain `node --import tsx` processes, which is what `npm start` and
# `npm run worker` run, minus npm and the shell between: SIGTERM sent to npm stops
# at that shell (dash neither execs nor forwards it), orphaning the server.
# Started with job control on, each gets its own process group, so Ctrl-C reaches
# only this script, which sends each one SIGTERM, once: the API finishes its
# requests and the worker its jobs before exiting (a second signal cuts them short).
api= worker= maildev=
stop() {
  # A second Ctrl-C while waiting forces them down (a worker's job is retried later).
  trap 'kill -KILL $api $worker $maildev 2>/dev/null' INT TERM
  echo; echo "stopping the API and the worker (Ctrl-C again to force)..."
  kill -TERM $api $worker 2>/dev/null || true
  local rc=0
  for pid in $api $worker; do wait "$pid" || rc=1; done
  [[ -n $maildev ]] && { kill -TERM "$maildev" 2>/dev/null; wait "$maildev" 2>/dev/null || true; }
  echo "stopped."
  exit "$rc"
}
trap stop INT TERM

# The mail catcher: when SMTP_URL is the local default and nothing answers there,
# run MailDev (a devDependency) so the e-mails Shortlist sends can be read in a
# browser. Anything else in SMTP_URL is a real server: left alone.
smtp=${SMTP_URL:-smtp://127.0.0.1:1025}
inbox=
if [[ $smtp == smtp://127.0.0.1:1025 || $smtp == smtp://localhost:1025 ]]; then
  if node -e 'const s=require("net").connect(1025,"127.0.0.1");s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1))'; then
    echo "mail: something already answers on 127.0.0.1:1025; using it"
  else
    echo "mail: starting MailDev (SMTP 127.0.0.1:1025, inbox http://127.0.0.1:1080)..."
    set -m
    node_modules/.bin/maildev --smtp 1025 --web 1080 --ip 127.0.0.1 --web-ip 127.0.0.1 --silent & maildev=$!
    set +m
    inbox=http://127.0.0.1:1080
  fi
fi

echo "starting the API (src/server.ts) and the worker (workers/index.ts)..."
set -m
node --import tsx src/server.ts & api=$!
node --import tsx workers/index.ts & worker=$!
set +m

host=${HOST:-127.0.0.1} port=${PORT:-3000}
[[ $host == 0.0.0.0 || $host == :: ]] && host=127.0.0.1
[[ $host == *:* ]] && host="[$host]"
url="http://$host:$port"
ready() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url/health/ready"; }
up=
for _ in $(seq 120); do
  ready && { up=1; break; }
  kill -0 "$api" 2>/dev/null || break
  sleep 0.5
done

if [[ -n $up ]]; then
  cat <<BANNER

  Shortlist is running (the API and the worker; Ctrl-C stops both).
    API:       $url
    API docs:  $url/docs
    Queues:    $url/admin/queues (the demo admin below)${inbox:+
    E-mails:   $inbox (MailDev: every e-mail Shortlist sends lands here)}
    Demo admin (local demo only, the password is published):
      $DEMO_ADMIN_EMAIL / $DEMO_PASSWORD
    Log in:
      curl -s -X POST $url/auth/login -H 'content-type: application/json' \\
        -d '{"email":"$DEMO_ADMIN_EMAIL","password":"$DEMO_PASSWORD"}'

BANNER
else
  echo "the API did not become ready at $url/health/ready; see its log above" >&2
fi

# Either process ending on its own is a failure: stop the other one too. (Polled,
# not `wait -n`, which macOS's bash 3.2 lacks.)
while kill -0 "$api" 2>/dev/null && kill -0 "$worker" 2>/dev/null; do sleep 1; done
trap - INT TERM
kill -0 "$api" 2>/dev/null && dead=$worker || dead=$api
wait "$dead" && rc=0 || rc=$?
echo "$([[ $dead == "$api" ]] && echo the API || echo the worker) exited (status $rc); stopping the other" >&2
kill -TERM "$api" "$worker" $maildev 2>/dev/null || true
wait || true
exit $((rc ? rc : 1))
