# Shared by the benchmarks' run.sh scripts: sourced, never run. Each function says on stderr what
# it installs, and installs only what is missing.

# bench_install PACKAGE...: installs from Debian each package whose program is missing.
bench_install() {
  local missing=() package
  for package in "$@"; do
    case "$package" in
      postgresql) ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql) ;;
      python3-venv) python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv) ;;
      libvips-tools) command -v vips >/dev/null 2>&1 || missing+=(libvips-tools) ;;
      *) command -v "$package" >/dev/null 2>&1 || missing+=("$package") ;;
    esac
  done
  if [ ${#missing[@]} -gt 0 ]; then
    printf 'installing %s from Debian'"'"'s packages\n' "${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}

# bench_venv VENV MODULE PACKAGE WHY: a virtual environment at VENV in which MODULE imports,
# PACKAGE installed from PyPI when it doesn't.
bench_venv() {
  local venv=$1 module=$2 package=$3 why=$4
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import $module" >/dev/null 2>&1; then
    printf 'installing %s (%s) into %s\n' "$package" "$why" "$venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "$package"
  fi
}

# bench_quire_binary REPO BINARY: BINARY when given, else quire built in release mode; prints its path.
bench_quire_binary() {
  local repo=$1 binary=$2
  if [ -z "$binary" ]; then
    printf 'building quire in release mode\n' >&2
    (cd "$repo" && swift build -c release --product quire >&2)
    binary="$repo/.build/release/quire"
  fi
  printf '%s\n' "$binary"
}
