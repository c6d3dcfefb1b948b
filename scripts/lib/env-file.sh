# shellcheck shell=bash
# load_env_file FILE: exports each KEY=value line of FILE that the environment
# does not set already (the environment wins, as in scripts/services.sh).
# Parsed, never `source`d: values such as `Shortlist <no-reply@…>` are not shell.
load_env_file() {
  local line key val
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    key=${BASH_REMATCH[2]} val=${BASH_REMATCH[3]%$'\r'}
    [[ $val =~ ^\"(.*)\"$ || $val =~ ^\'(.*)\'$ ]] && val=${BASH_REMATCH[1]}
    [[ -n ${!key+set} ]] || export "$key=$val"
  done <"$1"
}
