#!/usr/bin/env bash
# What CI can prove about deploy/ without a container engine or a cluster:
#   1. yamllint (config deploy/.yamllint.yaml) over every YAML file of the repository's deploy/ and .ci/ folders,
#   2. shellcheck over every shell script (.ci/*, deploy/*.sh),
#   3. the Kubernetes manifests against the Kubernetes JSON schemas (deploy/k8s/validate, kubernetes-models pinned by
#      its lockfile): the example overlay as kustomize renders it (`kubectl kustomize`) when kubectl is installed,
#      otherwise every base resource file on its own (overlay patches are partial objects and then only linted).
# yamllint and shellcheck come from Debian; they are installed here when missing. Non-zero if any check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

failures=()
step() { echo "== deploy validate: $*"; }

missing=()
command -v yamllint >/dev/null 2>&1 || missing+=(yamllint)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
if [ "${#missing[@]}" -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  timeout 300 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

step "yamllint"
mapfile -t yaml_files < <(find deploy .ci -path '*/node_modules' -prune -o \( -name '*.yaml' -o -name '*.yml' \) -print | sort)
if ! yamllint --strict -c deploy/.yamllint.yaml "${yaml_files[@]}"; then
  failures+=("yamllint")
fi

step "shellcheck"
mapfile -t scripts < <(find .ci deploy -path '*/node_modules' -prune -o -type f \( -name '*.sh' -o -name run \) -print | sort)
if ! shellcheck "${scripts[@]}"; then
  failures+=("shellcheck")
fi

step "kubernetes schemas"
(cd deploy/k8s/validate && timeout 300 npm ci --no-audit --no-fund --loglevel=error)
if command -v kubectl >/dev/null 2>&1; then
  echo "rendered with kubectl kustomize: deploy/k8s/overlays/example (and the Secret template)"
  rendered=$(mktemp)
  trap 'rm -f "$rendered"' EXIT
  if ! timeout 120 kubectl kustomize deploy/k8s/overlays/example >"$rendered" \
    || ! node deploy/k8s/validate/validate.mjs "$rendered" deploy/k8s/base/secret.template.yaml; then
    failures+=("kubernetes schemas")
  fi
else
  echo "kubectl not installed: validating each base resource on its own; the overlay's patches are only linted"
  mapfile -t resources < <(find deploy/k8s/base -name '*.yaml' ! -name kustomization.yaml | sort)
  if ! node deploy/k8s/validate/validate.mjs "${resources[@]}"; then
    failures+=("kubernetes schemas")
  fi
fi

if [ "${#failures[@]}" -gt 0 ]; then
  echo "deploy validate: FAILED: ${failures[*]}"
  exit 1
fi
echo "deploy validate: yamllint, shellcheck and kubernetes schemas passed"
